using Hades.Core.Baselines.Ppo;
using Hades.Core.Training;

namespace Hades.Tests.Core.Baselines.Ppo;

/// <summary>PPO solves CartPole-v1 (greedy mean return ≥ 195 over 20 fresh episodes) within 100k environment steps.</summary>
[Collection("ppo")]
public class PpoLearningTests
{
    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [Trait("Category", "slow")]
    public void Ppo_learns_cartpole_within_100k_steps(ulong seed)
    {
        // the preset: 4 instances × 128 steps per iteration, learning rate 1e-3, the other settings at their defaults
        var preset = PpoPresets.For("cartpole", seed);
        var config = preset.Config;
        var trainer = new PpoTrainer(config);
        var state = trainer.Train(trainer.Initial(), 100_000 / config.BatchSize);
        Assert.True(state.EnvSteps <= 100_000);
        // the initial actor's logits are ≈ 0 (output gain 0.01), so sampling from it is close to a random policy
        double before = PpoPolicy.Evaluate(config, trainer.Initial(), 20, 1000 + seed, ActionSelection.Sample);
        double after = PpoPolicy.Evaluate(config, state, 20, 1000 + seed, ActionSelection.Greedy);
        Assert.True(before < 60, $"the untrained policy should fail early (got {before})");
        Assert.True(after >= 195, $"seed {seed}: mean greedy return {after} after {state.EnvSteps} steps");
    }
}
