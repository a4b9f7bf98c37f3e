using Hades.Core.Envs;
using Hades.Core.Envs.Mujoco;
using Hades.Core.Policies;
using Hades.Core.Training;
using Hades.Tests.Core.Envs.Mujoco;
using TorchSharp;

namespace Hades.Tests.Core.Training;

/// <summary>MuJoCo rollouts play one policy at a time per worker (<see cref="IRangeSteppedEnv.StepRange"/>); every
/// episode must come out bit for bit as in lock step, where every instance is stepped together.</summary>
public class PolicyAtATimeRolloutTests
{
    /// <summary>Hides <see cref="IRangeSteppedEnv"/>, so that the rollout steps every instance in lock step.</summary>
    sealed class LockStep(IVectorEnv inner) : IVectorEnv
    {
        public EnvSpec Spec => inner.Spec;
        public int Count => inner.Count;
        public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations) => inner.Reset(instanceKeys, observations);
        public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done) =>
            inner.Step(actions, observations, rewards, done);
    }

    [MujocoFact]
    public void Rollouts_played_policy_by_policy_equal_lock_step_bit_for_bit()
    {
        // hopper ends episodes at different steps; 5 policies do not split evenly over the workers; the step-budget
        // protocols run several rounds of resets
        var shape = new MlpShape(11, [32, 32], 3, Activation.Tanh);
        using var mlp = BatchedMlp.Create(shape, [3UL, 4UL, 5UL, 6UL, 7UL], m => m, 5, torch.CPU);
        using var logStd = GaussianPolicyTrainer.NewLogStd(5, 3, torch.CPU);
        var offset = Enumerable.Range(0, 11).Select(i => 0.01f * i).ToArray();
        var scale = Enumerable.Range(0, 11).Select(i => 1f + 0.1f * i).ToArray();
        var protocols = new[]
        {
            RolloutProtocol.Episodes(3),
            new RolloutProtocol(FitnessProtocol.LastFinished, 2, 150),   // several rounds: hopper's random episodes are short
            new RolloutProtocol(FitnessProtocol.FinishedMean, 3, 120),
        };
        foreach (var protocol in protocols)
        foreach (bool runningNorm in new[] { false, true })
            foreach (bool commonStarts in new[] { true, false })
            {
                RolloutResult Score(Func<int, IVectorEnv> factory) =>
                    Rollout.Score(mlp, factory, protocol, 21, ActionSelection.Sample, torch.CPU, commonStarts,
                        runningNorm ? null : offset, runningNorm ? null : scale, logStd, runningNorm);
                var byPolicy = Score(n => new Hopper(n));
                var lockStep = Score(n => new LockStep(new Hopper(n)));
                Assert.Equal(lockStep.Returns, byPolicy.Returns);
                Assert.Equal(lockStep.Steps, byPolicy.Steps);
                Assert.Equal(lockStep.FinishedReturnSum, byPolicy.FinishedReturnSum);
                Assert.Equal(lockStep.FinishedEpisodes, byPolicy.FinishedEpisodes);
                if (protocol.Kind == FitnessProtocol.Episode) Assert.True(lockStep.Steps.Distinct().Count() > 1, "the policies' episodes should end at different steps");
                else Assert.True(lockStep.FinishedEpisodes.Distinct().Count() > 1, "the policies should finish different numbers of episodes");
            }
    }

    [MujocoFact]
    public void A_range_step_touches_only_its_instances_and_rejects_a_range_outside_the_env()
    {
        using var env = new Hopper(4);
        var obs = new float[4 * 11];
        env.Reset(5, obs);
        var before = (float[])obs.Clone();
        var actions = Enumerable.Repeat(0.3f, 4 * 3).ToArray();
        var rewards = Enumerable.Repeat(-7f, 4).ToArray();
        var done = new byte[4];
        long ticks = env.StepRange(1, 3, actions, obs, rewards, done);
        Assert.True(ticks > 0);
        Assert.Equal(before.AsSpan(0, 11).ToArray(), obs.AsSpan(0, 11).ToArray());
        Assert.Equal(before.AsSpan(33, 11).ToArray(), obs.AsSpan(33, 11).ToArray());
        Assert.NotEqual(before.AsSpan(11, 22).ToArray(), obs.AsSpan(11, 22).ToArray());
        Assert.Equal(-7f, rewards[0]);
        Assert.Equal(-7f, rewards[3]);
        Assert.NotEqual(-7f, rewards[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.StepRange(3, 5, actions, obs, rewards, done));
    }
}
