using Hades.Core.Envs;
using Hades.Core.Policies;
using Hades.Core.Random;
using Hades.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.Baselines.Ppo;

/// <summary>The PPO actor's action distribution (categorical over logits, or diagonal Gaussian with a
/// state-independent log-std, <see cref="Gaussian"/>), its evaluation on fresh episodes, and its export.</summary>
public static class PpoPolicy
{
    const ulong EvalSampleLabel = 0x45564153UL; // "EVAS"

    /// <summary>
    /// Mean undiscounted return of the policy in <paramref name="state"/> over <paramref name="episodes"/> episodes
    /// of <c>config.Task</c>, in one vector env whose instance e starts from <c>CounterRng.Key(seed, e)</c> (the keys
    /// <see cref="Rollout.Run"/> uses for one member). Greedy: argmax of the logits, or the Gaussian mean; Sample:
    /// drawn from the distribution with a torch generator seeded from <paramref name="seed"/>. Continuous actions are
    /// clipped to the action bounds.
    /// </summary>
    public static double Evaluate(PpoConfig config, PpoState state, int episodes, ulong seed, ActionSelection selection)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var spec = config.Validate();
        var layout = new PpoLayout(spec, config.Hidden);
        if (state.Parameters.Length != layout.Count)
            throw new HadesUserException($"PPO state holds {state.Parameters.Length} parameters but the config's networks for '{config.Task}' have {layout.Count}");
        var (offset, scale) = PpoObservations.Normaliser(config);
        var env = TaskRegistry.Factory(config.Task)(episodes);
        int o = spec.ObservationSize, a = spec.ActionSize;
        var keys = new ulong[episodes];
        for (int e = 0; e < episodes; e++) keys[e] = CounterRng.Key(seed, (ulong)e);
        var obs = new float[episodes * o];
        var input = new float[episodes * o];
        var rewards = new float[episodes];
        var done = new byte[episodes];
        var actions = new float[episodes * a];
        var returns = new double[episodes];
        env.Reset(keys, obs);

        using var threads = TorchThreads.Use(config.TorchThreads);
        using var noGrad = torch.no_grad();
        using var theta = TensorArrays.FromArray(state.Parameters, state.Parameters.Length);
        using var generator = new Generator(CounterRng.Key(seed, EvalSampleLabel));
        for (int step = 0; step < spec.MaxSteps && done.Any(d => d == 0); step++)
        {
            using var scope = torch.NewDisposeScope();
            PpoObservations.Normalise(obs, input, offset, scale);
            var x = TensorArrays.FromArray(input, [episodes, o]);
            var chosen = selection == ActionSelection.Greedy ? Greedy(layout, theta, x) : Sample(layout, theta, x, generator).Actions;
            var raw = TensorArrays.ToArray(chosen);
            for (int e = 0; e < episodes; e++) EnvAction(spec, raw.AsSpan(e * a, a), actions.AsSpan(e * a, a));
            env.Step(actions, obs, rewards, done);
            for (int e = 0; e < episodes; e++) returns[e] += rewards[e];
        }
        return returns.Average();
    }

    /// <summary>The actor of <paramref name="state"/> as plain arrays (see <see cref="PpoActorNetwork"/>).</summary>
    public static PpoActorNetwork ExportActor(PpoConfig config, PpoState state)
    {
        var spec = config.Validate();
        var layout = new PpoLayout(spec, config.Hidden);
        if (state.Parameters.Length != layout.Count)
            throw new HadesUserException($"PPO state holds {state.Parameters.Length} parameters but the config's networks for '{config.Task}' have {layout.Count}");
        var (offset, scale) = PpoObservations.Normaliser(config);
        var p = state.Parameters;
        return new PpoActorNetwork(
            Shape: new MlpShape(spec.ObservationSize, config.Hidden, layout.ActorOutputs, Activation.Tanh),
            Weights: layout.Actor.Select(d => p.AsSpan(d.WeightOffset, d.In * d.Out).ToArray()).ToArray(),
            Biases: layout.Actor.Select(d => p.AsSpan(d.BiasOffset, d.Out).ToArray()).ToArray(),
            LogStd: spec.IsDiscrete ? [] : p.AsSpan(layout.LogStdOffset, spec.ActionSize).ToArray(),
            ObservationOffset: offset ?? new float[spec.ObservationSize],
            ObservationScale: scale ?? Enumerable.Repeat(1f, spec.ObservationSize).ToArray(),
            Spec: spec);
    }

    /// <summary>Samples actions for x: [B, O]. Returns actions [B, ActionSize] (discrete: the index as a float;
    /// continuous: the unclipped Gaussian sample) and their log-probabilities [B].</summary>
    internal static (Tensor Actions, Tensor LogProb) Sample(PpoLayout layout, Tensor theta, Tensor x, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var output = PpoNetwork.Actor(layout, theta, x);
        Tensor actions, logProb;
        if (layout.Spec.IsDiscrete)
        {
            var logits = output.log_softmax(-1);
            var index = torch.multinomial(logits.exp(), 1, generator: generator);
            logProb = logits.gather(1, index).squeeze(1);
            actions = index.to(ScalarType.Float32);
        }
        else
        {
            var logStd = PpoNetwork.LogStd(layout, theta);
            actions = Gaussian.Sample(output, logStd, generator);
            logProb = Gaussian.LogProb(output, logStd, actions);
        }
        return (actions.MoveToOuterDisposeScope(), logProb.MoveToOuterDisposeScope());
    }

    /// <summary>Greedy actions [B, ActionSize]: the argmax index, or the Gaussian mean.</summary>
    internal static Tensor Greedy(PpoLayout layout, Tensor theta, Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var output = PpoNetwork.Actor(layout, theta, x);
        var actions = layout.Spec.IsDiscrete ? output.argmax(-1, keepdim: true).to(ScalarType.Float32) : output;
        return actions.MoveToOuterDisposeScope();
    }

    /// <summary>Log-probabilities [B] of <paramref name="actions"/> [B, ActionSize] and the mean entropy (scalar).</summary>
    internal static (Tensor LogProb, Tensor Entropy) LogProbAndEntropy(PpoLayout layout, Tensor theta, Tensor x, Tensor actions)
    {
        using var scope = torch.NewDisposeScope();
        var output = PpoNetwork.Actor(layout, theta, x);
        Tensor logProb, entropy;
        if (layout.Spec.IsDiscrete)
        {
            var logits = output.log_softmax(-1);
            logProb = logits.gather(1, actions.to(ScalarType.Int64)).squeeze(1);
            entropy = -(logits.exp() * logits).sum(-1).mean();
        }
        else
        {
            var logStd = PpoNetwork.LogStd(layout, theta);
            logProb = Gaussian.LogProb(output, logStd, actions);
            entropy = Gaussian.Entropy(logStd);
        }
        return (logProb.MoveToOuterDisposeScope(), entropy.MoveToOuterDisposeScope());
    }

    /// <summary>What the environment receives: the index for discrete actions, the sample clipped to the action
    /// bounds for continuous ones.</summary>
    internal static void EnvAction(EnvSpec spec, ReadOnlySpan<float> sampled, Span<float> output)
    {
        if (spec.IsDiscrete) { sampled.CopyTo(output); return; }
        for (int k = 0; k < sampled.Length; k++) output[k] = Math.Clamp(sampled[k], spec.ActionLow[k], spec.ActionHigh[k]);
    }
}
