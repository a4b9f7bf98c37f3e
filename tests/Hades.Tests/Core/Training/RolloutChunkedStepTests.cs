using Hades.Core.Envs;
using Hades.Core.Envs.Mujoco;
using Hades.Core.Policies;
using Hades.Core.Training;
using Hades.Tests.Core.Envs.Mujoco;
using TorchSharp;

namespace Hades.Tests.Core.Training;

/// <summary>Rollouts in MuJoCo environments act and step in one parallel pass (<see cref="IChunkSteppedEnv"/>): their
/// results equal, bit for bit, those of the policy pass followed by the environment's step, for every protocol,
/// observation normalisation and action selection.</summary>
public class RolloutChunkedStepTests
{
    /// <summary>The same environment seen only through <see cref="IVectorEnv"/>, so rollouts take the two-pass path.</summary>
    sealed class PlainEnv(IVectorEnv inner) : IVectorEnv
    {
        public EnvSpec Spec => inner.Spec;
        public int Count => inner.Count;
        public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations) => inner.Reset(instanceKeys, observations);
        public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done) =>
            inner.Step(actions, observations, rewards, done);
    }

    public static TheoryData<string, string, string, bool, int> Cases => new()
    {
        { "hopper", "episodes", "none", true, 5 },       // 15 instances: chunks split inside a member
        { "hopper", "finished-mean", "running", true, 5 }, // chunks of whole members
        { "walker2d", "episodes", "fixed", false, 5 },
        { "inverted-double-pendulum", "last-finished", "fixed", true, 5 },
        { "halfcheetah", "episodes", "fixed", true, 1 }, // one policy's instances on both threads
    };

    [MujocoTheory]
    [MemberData(nameof(Cases))]
    public void One_pass_rollouts_score_exactly_as_two_passes(string task, string protocolName, string norm, bool sample, int members)
    {
        var factory = TaskRegistry.Factory(task);
        var spec = TaskRegistry.Spec(task);
        const int envs = 3; // with 5 members a 256-256 step is above the forward's parallel threshold (the two-pass path's parallel forward)
        var shape = new MlpShape(spec.ObservationSize, [256, 256], spec.ActionSize, Activation.Tanh);
        using var mlp = BatchedMlp.Create(shape, [1UL, 2UL, 3UL], m => m % 3, members, torch.CPU);
        using var logStd = GaussianPolicyTrainer.NewLogStd(members, spec.ActionSize, torch.CPU);
        var protocol = protocolName switch
        {
            "episodes" => RolloutProtocol.Episodes(envs),
            "finished-mean" => new RolloutProtocol(FitnessProtocol.FinishedMean, envs, 120),
            _ => new RolloutProtocol(FitnessProtocol.LastFinished, envs, 120),
        };
        float[]? offset = norm == "fixed" ? Enumerable.Range(0, spec.ObservationSize).Select(j => 0.01f * j).ToArray() : null;
        float[]? scale = norm == "fixed" ? Enumerable.Range(0, spec.ObservationSize).Select(j => 1f + 0.1f * j).ToArray() : null;
        var selection = sample ? ActionSelection.Sample : ActionSelection.Greedy;
        RolloutResult Score(Func<int, IVectorEnv> make) => Rollout.Score(mlp, make, protocol, 17UL, selection, torch.CPU,
            obsOffset: offset, obsScale: scale, logStd: logStd, runningNorm: norm == "running");

        var twoPass = Score(n => new PlainEnv(factory(n)));
        var onePass = Score(factory);
        Assert.IsAssignableFrom<IChunkSteppedEnv>(factory(1));
        Assert.Equal(twoPass.Returns, onePass.Returns);
        Assert.Equal(twoPass.Steps, onePass.Steps);
        Assert.Equal(twoPass.FinishedReturnSum, onePass.FinishedReturnSum);
        Assert.Equal(twoPass.FinishedEpisodes, onePass.FinishedEpisodes);
        Assert.True(onePass.Steps.Sum() > members * envs, "the episodes must run for more than one step");
    }
}
