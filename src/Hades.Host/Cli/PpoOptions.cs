using System.CommandLine;
using Hades.Core.Baselines.Ppo;
using static Hades.Host.Cli.BoundOption;

namespace Hades.Host.Cli;

/// <summary>The options of <c>hades ppo</c> bound to <see cref="PpoConfig"/> fields (its <c>ppo.json</c> keys), and
/// the run's own (budget, evaluation cadence).</summary>
public static class PpoOptions
{
    static readonly PpoConfig Defaults = new();

    public static readonly Option<string> Task = Opt.String("task", "NAME", $"{string.Join(" | ", Hades.Core.Envs.TaskRegistry.Names)} (default {Defaults.Task})", choices: Hades.Core.Envs.TaskRegistry.Names);
    public static readonly Option<ulong> Seed = Opt.ULong("seed", "run seed (default 0)");
    public static readonly Option<long> EnvSteps = Opt.Long("env-steps", "training budget in environment steps (default: the task's preset, else 500000); or --iterations N",
        v => v > 0 ? null : "--env-steps must be a positive integer");
    public static readonly Option<int> Iterations = Opt.Int("iterations", "training budget in PPO iterations (instead of --env-steps)",
        v => v > 0 ? null : "--iterations must be a positive integer");
    public static readonly Option<bool> Anneal = Opt.Flag("anneal", "anneal the learning rate linearly to 0 over the run");
    public static readonly Option<int> EvalEvery = Opt.Int("eval-every", "greedy evaluation every N iterations (default 10)",
        v => v > 0 ? null : "--eval-every must be a positive integer");

    /// <summary>Options that set <see cref="PpoConfig"/> fields over the task's preset.</summary>
    public static readonly BoundOption<PpoConfig>[] Config =
    [
        Bind(Opt.Int("envs", $"parallel environments (default {Defaults.Envs})"), (PpoConfig c, int v) => c with { Envs = v }),
        Bind(Opt.Int("steps-per-env", $"rollout length per iteration (default {Defaults.StepsPerEnv})"), (PpoConfig c, int v) => c with { StepsPerEnv = v }),
        Bind(Opt.Int("epochs", $"update epochs per iteration (default {Defaults.Epochs})"), (PpoConfig c, int v) => c with { Epochs = v }),
        Bind(Opt.Int("minibatches", $"minibatches per epoch (default {Defaults.Minibatches})"), (PpoConfig c, int v) => c with { Minibatches = v }),
        Bind(Opt.IntList("hidden", $"actor and critic widths (default {string.Join(',', Defaults.Hidden)})", valueName: "W,W"), (PpoConfig c, int[] v) => c with { Hidden = v }),
        Bind(Opt.Double("lr", $"Adam learning rate (default {Defaults.LearningRate})"), (PpoConfig c, double v) => c with { LearningRate = v }),
        Bind(Opt.Double("ent-coef", $"entropy bonus (default {Defaults.EntropyCoefficient})"), (PpoConfig c, double v) => c with { EntropyCoefficient = v }),
        Bind(Opt.Double("gamma", $"discount (default {Defaults.Gamma})"), (PpoConfig c, double v) => c with { Gamma = v }),
        BindFlag(Opt.Flag("norm-obs", "normalise observations with the task's fixed constants"), c => c with { NormaliseObservations = true }),
        Bind(Opt.Double("reward-scale", $"multiply rewards in the update (default {Defaults.RewardScale})"), (PpoConfig c, double v) => c with { RewardScale = v }),
    ];

    static BoundOption<PpoConfig> BindFlag(Option<bool> flag, Func<PpoConfig, PpoConfig> set) =>
        new(flag, (parse, c) => parse.GetValue(flag) ? set(c) : c);
}
