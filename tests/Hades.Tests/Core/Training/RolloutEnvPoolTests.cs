using Hades.Core.Envs;
using Hades.Core.Envs.Mujoco;
using Hades.Core.Policies;
using Hades.Core.Training;
using Hades.Tests.Core.Envs.Mujoco;
using TorchSharp;

namespace Hades.Tests.Core.Training;

/// <summary><see cref="RolloutEnvPool"/>: rollouts of one factory reuse a MuJoCo environment, and a reused one plays
/// the same episodes bit for bit as a fresh one; other environments are made anew for every rollout.</summary>
public class RolloutEnvPoolTests
{
    [MujocoFact]
    public void A_reused_mujoco_environment_scores_exactly_as_a_fresh_one()
    {
        var shape = new MlpShape(11, [16], 3, Activation.Tanh); // hopper: 11 observations, 3 actions
        using var mlp = BatchedMlp.Create(shape, [3UL, 4UL], m => m, 2, torch.CPU);
        using var logStd = GaussianPolicyTrainer.NewLogStd(2, 3, torch.CPU);
        int made = 0;
        Func<int, IVectorEnv> pooled = n => { made++; return new Hopper(n); };
        RolloutResult Score(Func<int, IVectorEnv> factory, ulong seed) =>
            Rollout.Score(mlp, factory, RolloutProtocol.Episodes(3), seed, ActionSelection.Sample, torch.CPU, logStd: logStd);

        var first = Score(pooled, 11);
        var other = Score(pooled, 12);   // the same environment, other starts
        var again = Score(pooled, 11);   // and back: must not remember the previous episodes
        Assert.Equal(1, made);
        var fresh = Score(n => new Hopper(n), 11);
        Assert.Equal(fresh.Returns, first.Returns);
        Assert.Equal(fresh.Returns, again.Returns);
        Assert.Equal(fresh.Steps, again.Steps);
        Assert.NotEqual(first.Returns, other.Returns);
    }

    [Fact]
    public void Other_environments_are_made_for_every_rollout()
    {
        using var mlp = BatchedMlp.Create(new MlpShape(4, [8], 2, Activation.Tanh), [1UL], _ => 0, 2, torch.CPU);
        var cartpole = TaskRegistry.Factory("cartpole");
        int made = 0;
        Func<int, IVectorEnv> counting = n => { made++; return cartpole(n); };
        for (int r = 0; r < 3; r++) Rollout.Score(mlp, counting, RolloutProtocol.Episodes(2), (ulong)r, ActionSelection.Greedy, torch.CPU);
        Assert.Equal(3, made);
        Assert.False(RolloutEnvPool.ResetsCompletely(cartpole(1)));
    }
}
