using Hades.Core.Envs;

namespace Hades.Core.Baselines.Ppo;

/// <summary>One dense layer inside the flat parameter vector: W is [In, Out] row-major at
/// <see cref="WeightOffset"/>, b is [Out] at <see cref="BiasOffset"/> (y = x·W + b, as <see cref="Policies.BatchedMlp"/>).</summary>
public readonly record struct PpoDense(int WeightOffset, int BiasOffset, int In, int Out);

/// <summary>
/// Where each parameter lives in <see cref="PpoState.Parameters"/>: the actor's layers (observation → hidden… →
/// logits for discrete actions, or the Gaussian mean for continuous ones), then the state-independent log-std
/// (continuous only), then the critic's layers (observation → hidden… → 1).
/// </summary>
public sealed class PpoLayout
{
    public PpoLayout(EnvSpec spec, IReadOnlyList<int> hidden)
    {
        Spec = spec;
        Hidden = hidden.ToArray();
        int offset = 0;
        Actor = Dense(spec.ObservationSize, hidden, ActorOutputs, ref offset);
        if (!spec.IsDiscrete) { LogStdOffset = offset; offset += spec.ActionSize; }
        else LogStdOffset = -1;
        Critic = Dense(spec.ObservationSize, hidden, 1, ref offset);
        Count = offset;
    }

    public EnvSpec Spec { get; }
    public int[] Hidden { get; }
    public PpoDense[] Actor { get; }
    public PpoDense[] Critic { get; }

    /// <summary>Offset of the log-std vector (ActionSize floats), −1 for discrete actions.</summary>
    public int LogStdOffset { get; }

    /// <summary>Total number of floats.</summary>
    public int Count { get; }

    /// <summary>Width of the actor's output: ActionCount logits or ActionSize means.</summary>
    public int ActorOutputs => Spec.IsDiscrete ? Spec.ActionCount : Spec.ActionSize;

    static PpoDense[] Dense(int input, IReadOnlyList<int> hidden, int output, ref int offset)
    {
        var layers = new List<PpoDense>();
        int previous = input;
        foreach (int width in hidden.Append(output))
        {
            layers.Add(new PpoDense(offset, offset + previous * width, previous, width));
            offset += previous * width + width;
            previous = width;
        }
        return layers.ToArray();
    }
}
