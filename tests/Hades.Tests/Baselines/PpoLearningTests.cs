using Hades.Core.Baselines.Ppo;
using Hades.Core.Training;

namespace Hades.Tests.Baselines;

/// <summary>PPO solves CartPole-v1 (greedy mean return ≥ 195 over 20 fresh episodes) within 100k environment steps.</summary>
public class PpoLearningTests
{
    internal static PpoConfig CartPole(ulong seed) => new() { Task = "cartpole", Seed = seed, Envs = 4, StepsPerEnv = 128 };

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void Ppo_learns_cartpole_within_100k_steps(ulong seed)
    {
        var config = CartPole(seed);
        var trainer = new PpoTrainer(config);
        int iterations = 100_000 / config.BatchSize;
        var state = trainer.Train(trainer.Initial(), iterations);
        Assert.True(state.EnvSteps <= 100_000);
        double before = PpoPolicy.Evaluate(config, trainer.Initial(), 20, 1000 + seed, ActionSelection.Greedy);
        double after = PpoPolicy.Evaluate(config, state, 20, 1000 + seed, ActionSelection.Greedy);
        Assert.True(before < 100, $"an untrained policy should fail early (got {before})");
        Assert.True(after >= 195, $"seed {seed}: mean greedy return {after} after {state.EnvSteps} steps");
    }
}
