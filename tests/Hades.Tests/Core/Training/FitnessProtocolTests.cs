using Hades.Core.Envs;
using Hades.Core.Policies;
using Hades.Core.Training;
using TorchSharp;

namespace Hades.Tests.Core.Training;

/// <summary>The scoring protocols on scripted environments: whole episodes, the paper's MinAtar "last finished
/// episode within E envs × S steps" and its Brax "mean of all finished episodes"; every step is counted; continuous
/// actions reach the environment clipped to the action bounds.</summary>
public sealed class FitnessProtocolTests
{
    /// <summary>Episodes last <paramref name="length"/> steps; every step of the episodes started by the r-th reset
    /// pays r (1, 2, 3, …), so each round's return differs and the protocols give different scores.</summary>
    sealed class ScriptedEnv(int count, int length, int maxSteps) : IVectorEnv
    {
        readonly int[] t = new int[count];
        int resets;
        public EnvSpec Spec { get; } = new("scripted", 2, [0f, 0f], [1f, 1f], 2, 1, maxSteps);
        public int Count => count;
        public long StepsTaken { get; private set; }

        public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations)
        {
            resets++;
            Array.Clear(t);
            observations.Clear();
        }

        public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done)
        {
            for (int i = 0; i < count; i++)
            {
                if (t[i] >= length) { rewards[i] = 0; done[i] = 1; continue; }
                t[i]++; StepsTaken++;
                rewards[i] = resets;
                done[i] = (byte)(t[i] >= length ? 1 : 0);
            }
        }
    }

    static RolloutResult Score(RolloutProtocol protocol, int length, int maxSteps = 1000, int policies = 2)
    {
        using var mlp = BatchedMlp.Create(new MlpShape(2, [4], 2, Activation.Tanh), [1UL], _ => 0, policies, torch.CPU);
        return Rollout.Score(mlp, n => new ScriptedEnv(n, length, maxSteps), protocol, 5, ActionSelection.Greedy, torch.CPU);
    }

    [Fact]
    public void Whole_episodes_score_the_mean_return_and_count_their_steps()
    {
        var r = Score(RolloutProtocol.Episodes(3), length: 4);
        Assert.Equal([4f, 4f], r.Returns);       // one round: 4 steps × reward 1
        Assert.Equal([12L, 12L], r.Steps);       // 3 episodes × 4 steps per policy
    }

    [Fact]
    public void Last_finished_scores_the_last_episode_that_ended_within_the_step_budget()
    {
        // 10 steps of episodes of length 3: rounds 1, 2, 3 finish (returns 3, 6, 9); round 4 is cut after 1 step
        var r = Score(new RolloutProtocol(FitnessProtocol.LastFinished, 2, 10), length: 3);
        Assert.Equal([9f, 9f], r.Returns);
        Assert.Equal([20L, 20L], r.Steps);        // 2 envs × 10 steps: steps past the budget are not counted
        Assert.Equal([6L, 6L], r.FinishedEpisodes);
    }

    [Fact]
    public void Finished_mean_pools_every_finished_episode()
    {
        var r = Score(new RolloutProtocol(FitnessProtocol.FinishedMean, 2, 10), length: 3);
        Assert.Equal([6f, 6f], r.Returns);        // (3 + 6 + 9) / 3
        Assert.Equal([36.0, 36.0], r.FinishedReturnSum);
    }

    [Fact]
    public void No_finished_episode_scores_zero_and_the_time_limit_counts_as_an_end()
    {
        Assert.Equal([0f], Score(new RolloutProtocol(FitnessProtocol.LastFinished, 1, 5), length: 8, policies: 1).Returns);
        // episodes truncated by the env's 2-step limit end there: 5 rounds of 2 steps in 10, the last pays 5 per step
        Assert.Equal([10f], Score(new RolloutProtocol(FitnessProtocol.LastFinished, 1, 10), length: 50, maxSteps: 2, policies: 1).Returns);
    }

    /// <summary>Records every action it receives; bounds ±1.</summary>
    sealed class BoundedEnv(int count) : IVectorEnv
    {
        public EnvSpec Spec { get; } = new("bounded", 1, [0f], [0f], 0, 1, 50) { ActionLow = [-1f], ActionHigh = [1f] };
        public int Count => count;
        public List<float> Seen { get; } = [];
        public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations) => observations.Clear();
        public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done)
        {
            Seen.AddRange(actions.ToArray());
            rewards.Clear(); done.Clear();
        }
    }

    [Fact]
    public void Sampled_continuous_actions_are_clipped_to_the_action_bounds_before_the_environment()
    {
        using var mlp = BatchedMlp.Create(new MlpShape(1, [4], 1, Activation.Tanh), [1UL], _ => 0, 2, torch.CPU);
        using var logStd = torch.full(2, 1, 1, 2.0f); // σ = e² ≈ 7.4: most raw samples lie outside ±1
        BoundedEnv? env = null;
        var r = Rollout.Score(mlp, n => env = new BoundedEnv(n), RolloutProtocol.Episodes(2), 3, ActionSelection.Sample, torch.CPU, logStd: logStd);
        Assert.Equal(2 * 2 * 50, env!.Seen.Count);
        Assert.All(env.Seen, a => Assert.InRange(a, -1f, 1f));
        Assert.Contains(1f, env.Seen);
        Assert.Contains(-1f, env.Seen);
        Assert.Equal([100L, 100L], r.Steps);
    }

    [Fact]
    public void MountainCarContinuous_charges_at_most_the_clipped_action_cost()
    {
        // reward −0.1·a² per step (+100 at the goal): with actions clipped to ±1 no episode can lose more than
        // 0.1 per step; unclipped samples of σ ≈ 7.4 would cost ≈ 5.5 per step
        using var mlp = BatchedMlp.Create(new MlpShape(2, [4], 1, Activation.Tanh), [1UL], _ => 0, 2, torch.CPU);
        using var logStd = torch.full(2, 1, 1, 2.0f);
        var r = Rollout.Score(mlp, TaskRegistry.Factory("mountaincar-continuous"), RolloutProtocol.Episodes(2), 9,
            ActionSelection.Sample, torch.CPU, logStd: logStd);
        Assert.All(r.Returns, ret => Assert.True(ret >= -0.1 * 999 - 1e-3, $"return {ret}"));
        Assert.All(r.Steps, s => Assert.InRange(s, 2, 2 * 999));
    }

    [Fact]
    public void A_policys_step_budget_score_does_not_depend_on_the_other_policies_in_its_batch()
    {
        // sampled CartPole actions over several rounds: the other policy's episodes end at other steps, which used to
        // shift this policy's sampling counter from its second round on
        var shape = new MlpShape(4, [16], 2, Activation.Tanh);
        var protocol = new RolloutProtocol(FitnessProtocol.FinishedMean, 2, 300);
        RolloutResult Score(ulong otherInit)
        {
            using var mlp = BatchedMlp.Create(shape, [5UL, otherInit], m => m, 2, torch.CPU);
            using (torch.no_grad()) foreach (var w in mlp.Weights) w.mul_(3f); // decided but not deterministic policies
            return Rollout.Score(mlp, TaskRegistry.Factory("cartpole"), protocol, 17, ActionSelection.Sample, torch.CPU);
        }
        var withOne = Score(6);
        var withOther = Score(60);
        Assert.True(withOne.FinishedEpisodes[0] > 2, "the policy should play several rounds");
        Assert.NotEqual(withOne.FinishedReturnSum[1], withOther.FinishedReturnSum[1]);
        Assert.Equal(withOne.FinishedReturnSum[0], withOther.FinishedReturnSum[0]);
        Assert.Equal(withOne.Returns[0], withOther.Returns[0]);
    }
}
