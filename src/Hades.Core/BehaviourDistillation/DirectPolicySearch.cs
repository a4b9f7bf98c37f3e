using Hades.Core.Envs;
using Hades.Core.Policies;
using Hades.Core.Random;
using Hades.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.BehaviourDistillation;

/// <summary>
/// The direct-ES baseline: the ES searches the policy's weights themselves (standard neuroevolution, the
/// paper's Fig. 2 left) instead of a dataset. A parameter vector is the MLP's layers flattened as
/// <see cref="BatchedMlp.FromFlat"/> reads them, followed, for continuous actions, by the log-std (one per
/// action dimension). Fitness is the return of that policy, no training involved.
/// </summary>
public sealed class DirectPolicySearch(EnvSpec spec, MlpShape shape, Func<int, IVectorEnv> makeEnv, Device device,
    PolicyInitKind init = PolicyInitKind.Normal)
{
    const ulong InitLabel = 0x44495245UL; // "DIRE"

    public MlpShape Shape { get; } = shape;
    int LogStdSize => spec.IsDiscrete ? 0 : spec.ActionSize;
    public int Dimension => Shape.ParameterCount + LogStdSize;

    /// <summary>The ES start: a freshly initialised network (the same init as the inner loop's policies), log-std 0.</summary>
    public float[] InitialParameters(ulong seed)
    {
        using var net = BatchedMlp.Create(Shape, [CounterRng.Key(seed, InitLabel)], _ => 0, 1, torch.CPU, init);
        return [.. net.Flatten(0), .. new float[LogStdSize]];
    }

    /// <summary>Score of each parameter vector under <paramref name="protocol"/>, with the environment steps taken.</summary>
    public RolloutResult Score(IReadOnlyList<float[]> parameters, RolloutProtocol protocol, ulong episodeSeed, ActionSelection selection,
        bool commonStarts, float[]? obsOffset, float[]? obsScale, bool runningNorm = false)
    {
        using var scope = torch.NewDisposeScope();
        using var policies = BatchedMlp.FromFlat(Shape, parameters, device);
        Tensor? logStd = null;
        if (LogStdSize > 0)
        {
            var values = parameters.SelectMany(p => p.AsSpan(Shape.ParameterCount, LogStdSize).ToArray()).ToArray();
            logStd = torch.tensor(values, [parameters.Count, 1, LogStdSize]).to(device);
        }
        using var noGrad = torch.no_grad();
        return Rollout.Score(policies, makeEnv, protocol, episodeSeed, selection, device, commonStarts, obsOffset, obsScale, logStd, runningNorm);
    }
}
