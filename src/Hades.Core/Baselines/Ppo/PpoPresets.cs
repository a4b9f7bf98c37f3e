namespace Hades.Core.Baselines.Ppo;

/// <summary>A PPO configuration and the environment-step budget it was measured with.</summary>
public sealed record PpoPreset(PpoConfig Config, long EnvSteps)
{
    /// <summary>Iterations that cover <see cref="EnvSteps"/> (rounded up to whole iterations).</summary>
    public int Iterations => (int)((EnvSteps + Config.BatchSize - 1) / Config.BatchSize);
}

/// <summary>
/// Per-task PPO settings that reach the "PPO expert" returns reported with the branch that added them (greedy mean
/// over 20 fresh episodes, seeds 0–2). Discrete tasks and MountainCarContinuous: 4 instances × 128 steps, 4 epochs
/// of 4 minibatches, learning rate 1e-3, fixed observation normalisation (not for CartPole). Pendulum follows
/// rl-baselines3-zoo's PPO setting without gSDE: 4 × 512 steps, 10 epochs of 32 minibatches (64 samples), γ = 0.9,
/// learning rate 1e-3, rewards scaled by 0.1 (the zoo normalises rewards instead).
/// </summary>
public static class PpoPresets
{
    static readonly HashSet<string> Tasks = ["cartpole", "acrobot", "mountaincar", "mountaincar-continuous", "pendulum"];

    public static bool Has(string task) => Tasks.Contains(task);

    public static PpoPreset For(string task, ulong seed = 0)
    {
        var discrete = new PpoConfig { Task = task, Seed = seed, Envs = 4, StepsPerEnv = 128, LearningRate = 1e-3 };
        return task switch
        {
            "cartpole" => new PpoPreset(discrete, 100_000),
            "acrobot" or "mountaincar" or "mountaincar-continuous" =>
                new PpoPreset(discrete with { NormaliseObservations = true }, 200_000),
            "pendulum" => new PpoPreset(discrete with
            {
                StepsPerEnv = 512, Epochs = 10, Minibatches = 32, Gamma = 0.9, NormaliseObservations = true, RewardScale = 0.1,
            }, 200_000),
            _ => throw new HadesUserException($"no PPO preset for task '{task}' (presets: cartpole, acrobot, mountaincar, pendulum, mountaincar-continuous)"),
        };
    }
}
