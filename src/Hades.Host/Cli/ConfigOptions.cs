using System.CommandLine;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Datasets;
using Hades.Core.Es;
using Hades.Core.Policies;
using Hades.Core.Training;
using static Hades.Host.Cli.BoundOption;

namespace Hades.Host.Cli;

/// <summary>The HaDES experiment options of <c>run</c>, <c>seed</c> and <c>bench</c> (and the inner-loop ones of
/// <c>eval</c>): each declared once, bound to one <see cref="HadesConfig"/> field (its <c>config.json</c> key).</summary>
public static class ConfigOptions
{
    /// <summary>The default job (<c>hades run</c> with no options: the CartPole quick preset), whose values the help shows.</summary>
    static readonly HadesConfig Defaults = TaskPresets.For(new HadesConfig().Task);

    public static readonly Option<string> Task = Opt.String("task", "NAME", $"{string.Join(" | ", Hades.Core.Envs.TaskRegistry.Names)} | {HadesConfig.FashionMnistTask} (default {Defaults.Task}); each task family starts from its own preset (see README)",
        choices: [.. Hades.Core.Envs.TaskRegistry.Names, HadesConfig.FashionMnistTask]);
    public static readonly Option<string> Preset = Opt.String("preset", "quick|paper", $"the task family's starting settings, 2-core budgets or the paper's (see README) (default {Defaults.Preset}); any option overrides it");
    public static readonly Option<string> Method = Opt.String("method", "hades|direct-es", $"hades (evolve a dataset) | direct-es (baseline: evolve the policy weights) (default {HadesMethods.Names.Name(Defaults.Method)})");
    public static readonly Option<int[]> Hidden = Opt.IntList("hidden", $"hidden widths of the trained MLP, e.g. 64,64 (default {string.Join(',', Defaults.Hidden)})", valueName: "W,W");
    public static readonly Option<string> Activation = Opt.String("activation", "tanh|relu", $"activation of the trained MLP (default {Defaults.Activation})");
    public static readonly Option<int> InnerSteps = Opt.Int("inner-steps", $"full-batch Adam steps of the inner loop (default {Defaults.InnerSteps})");
    public static readonly Option<double> InnerLr = Opt.Double("inner-lr", $"inner-loop Adam learning rate (default {Defaults.InnerLearningRate})");
    public static readonly Option<string> ActionSelection = Opt.String("action-selection", "greedy|sample", $"how trained policies act (default {ActionSelectionParser.Names.Name(Defaults.ActionSelection)})");
    public static readonly Option<string> Device = Opt.String("device", "cpu|cuda", $"where tensors live (default {Defaults.Device})");

    /// <summary>The inner-loop options, which <c>eval</c> also takes (over the run's own settings).</summary>
    public static readonly BoundOption<HadesConfig>[] InnerLoop =
    [
        Bind<HadesConfig, int[]>(Hidden, (c, v) => c with { Hidden = v }),
        Bind<HadesConfig, string>(Activation, (c, v) => c with { Activation = v }),
        Bind<HadesConfig, int>(InnerSteps, (c, v) => c with { InnerSteps = v }),
        Bind<HadesConfig, double>(InnerLr, (c, v) => c with { InnerLearningRate = v }),
        Bind<HadesConfig, string>(ActionSelection, (c, v) => c with { ActionSelection = ActionSelectionParser.Parse(v) }),
        Bind<HadesConfig, string>(Device, (c, v) => c with { Device = v }),
    ];

    /// <summary>Every experiment option, in help order.</summary>
    public static readonly BoundOption<HadesConfig>[] All =
    [
        Bind<HadesConfig, string>(Task, (c, v) => c with { Task = v }),
        Bind<HadesConfig, string>(Preset, (c, v) => c with { Preset = v }),
        Bind<HadesConfig, string>(Method, (c, v) => c with { Method = HadesMethods.Parse(v) }),
        Bind(Opt.String("strategy", "openai-es|snes", $"the evolution strategy (default {Defaults.Strategy.Name()}; MinAtar preset: snes)"), (HadesConfig c, string v) => c with { Strategy = StrategyKinds.Parse(v) }),
        Bind(Opt.ULong("seed", $"run seed; the same seed gives the same dataset (default {Defaults.Seed})"), (HadesConfig c, ulong v) => c with { Seed = v }),
        Bind(Opt.Int("generations", $"ES generations (default {Defaults.Generations})"), (HadesConfig c, int v) => c with { Generations = v }),
        Bind(Opt.Int("population", $"ES population size, even (default {Defaults.PopulationSize})"), (HadesConfig c, int v) => c with { PopulationSize = v }),
        Bind(Opt.Int("dataset-size", $"state/label pairs in the synthetic dataset (default {Defaults.DatasetSize})"), (HadesConfig c, int v) => c with { DatasetSize = v }),
        .. InnerLoop[..4],
        Bind(Opt.Int("episodes", $"episodes per trained policy when scoring a candidate (default {Defaults.Episodes})"), (HadesConfig c, int v) => c with { Episodes = v }),
        Bind(Opt.Int("inits", $"policy inits per candidate, HaDES-R (default {Defaults.Inits}; HaDES-F uses 1)"), (HadesConfig c, int v) => c with { Inits = v }),
        Bind(Opt.Double("sigma", $"ES noise σ, raw observation units (default {Defaults.Sigma})"), (HadesConfig c, double v) => c with { Sigma = v }),
        Bind(Opt.Double("lr", $"ES learning rate: OpenAI-ES Adam step, SNES mean step (default {Defaults.LearningRate})"), (HadesConfig c, double v) => c with { LearningRate = v }),
        Bind(Opt.Double("sigma-decay", $"OpenAI-ES: σ multiplier per generation (default {Defaults.SigmaDecay})"), (HadesConfig c, double v) => c with { SigmaDecay = v }),
        Bind(Opt.Double("sigma-limit", $"OpenAI-ES: σ floor (default {Defaults.SigmaLimit})"), (HadesConfig c, double v) => c with { SigmaLimit = v }),
        Bind(Opt.Double("lr-decay", $"OpenAI-ES: learning-rate multiplier per generation (default {Defaults.LrDecay})"), (HadesConfig c, double v) => c with { LrDecay = v }),
        Bind(Opt.Double("lr-limit", $"OpenAI-ES: learning-rate floor (default {Defaults.LrLimit})"), (HadesConfig c, double v) => c with { LrLimit = v }),
        Bind(Opt.Double("temperature", $"SNES rank-weight temperature (default {Defaults.Temperature})"), (HadesConfig c, double v) => c with { Temperature = v }),
        Bind(Opt.Double("inner-grad-clip", $"inner-loop global gradient-norm clip per policy, 0 = off (default {Defaults.InnerGradClip}; continuous preset 0.5)"), (HadesConfig c, double v) => c with { InnerGradClip = v }),
        Bind(Opt.String("mode", "R|F", $"R (fresh inits each generation) | F (one fixed init) (default {Defaults.Mode})"), (HadesConfig c, string v) => c with { Mode = HadesModes.Parse(v) }),
        Bind(Opt.String("labels", "fixed|learned", $"fixed (balanced) | learned (evolved logits) (default {LabelModes.Names.Name(Defaults.Labels)})"), (HadesConfig c, string v) => c with { Labels = LabelModes.Parse(v) }),
        Bind(Opt.String("shaping", "raw|rank", $"fitness shaping (default {Defaults.Shaping})"), (HadesConfig c, string v) => c with { Shaping = v }),
        .. InnerLoop[4..],
        Bind(Opt.String("obs-norm", "none|fixed|running", $"none | fixed: normalise observations with per-task constants | running: by each evaluated policy's own running statistics (paper preset, MuJoCo) (default {Defaults.ObsNorm})"), (HadesConfig c, string v) => c with { ObsNorm = v }),
        Bind(Opt.Int("eval-policies", $"fresh policies scoring the mean dataset each generation (default {Defaults.EvalPolicies})"), (HadesConfig c, int v) => c with { EvalPolicies = v }),
        Bind(Opt.Int("eval-every", $"score the mean dataset (eval_return) only every K generations and at the last one; the others write NaN (default {Defaults.EvalEvery}: every generation; the final evaluation is unchanged)", valueName: "K"), (HadesConfig c, int v) => c with { EvalEvery = v }),
        Bind(Opt.Int("batch-size", $"candidates per evaluator work item (default {Defaults.BatchSize})"), (HadesConfig c, int v) => c with { BatchSize = v }),
        Bind(Opt.Int("max-in-flight", $"work items in flight at once (default {Defaults.MaxBatchesInFlight})"), (HadesConfig c, int v) => c with { MaxBatchesInFlight = v }),
        Bind(Opt.Int("images-per-class", $"fashion-mnist: synthetic images per class (default {Defaults.ImagesPerClass})"), (HadesConfig c, int v) => c with { ImagesPerClass = v }),
        Bind(Opt.String("image-fitness", "accuracy|loss", $"fashion-mnist: accuracy | loss on the held-out selection slice (default {Defaults.ImageFitness})"), (HadesConfig c, string v) => c with { ImageFitness = v }),
        Bind(Opt.Int("selection-images", $"fashion-mnist: held-out training images that score candidates (default {Defaults.SelectionImages})"), (HadesConfig c, int v) => c with { SelectionImages = v }),
        Bind(Opt.Double("sticky-actions", $"MinAtar-style games: probability of repeating the previous action, in [0, 1] (default {Defaults.StickyActions}, the paper's; MinAtar's library default 0.1)", valueName: "P"), (HadesConfig c, double v) => c with { StickyActions = v }),
        Bind(Opt.String("ramping", "on|off", $"MinAtar-style games: difficulty ramping (default {(Defaults.Ramping ? "on" : "off")}, as MinAtar)"), (HadesConfig c, string v) => c with { Ramping = Hades.Core.Envs.MinAtar.MinAtarOptions.ParseRamping(v) }),
        Bind(Opt.String("policy-init", "normal|orthogonal", $"MLP weight init (default {PolicyInitNames.Names.Name(Defaults.PolicyInit)}; paper preset orthogonal: √2 hidden, 0.01 output)"), (HadesConfig c, string v) => c with { PolicyInit = PolicyInitNames.Parse(v) }),
        Bind(Opt.String("fitness-protocol", "episode|last-finished|finished-mean", $"episode (--episodes whole episodes) | last-finished (paper, MinAtar) | finished-mean (paper, Brax): --episodes envs × --fitness-steps steps (default {Defaults.FitnessProtocol.Name()})"), (HadesConfig c, string v) => c with { FitnessProtocol = FitnessProtocols.Parse(v) }),
        Bind(Opt.Int("fitness-steps", $"steps per env of the last-finished and finished-mean protocols (default {Defaults.FitnessSteps})"), (HadesConfig c, int v) => c with { FitnessSteps = v }),
        Bind(Opt.String("learners", "SPEC", "learner-robust HaDES: each of a candidate's --inits policies draws its learner from this distribution, the draws shared by all candidates of a generation, e.g. \"hidden=32|64|64x64;activation=relu|tanh;inner-lr=0.01|0.03;inner-steps=20|200\" (factors hidden, activation, inner-lr, inner-steps; one left out keeps --hidden/--activation/--inner-lr/--inner-steps; \"\" = off) (default off)"), (HadesConfig c, string v) => c with { Learners = v }),
        Bind(Opt.ULong("env-step-budget", "end the run after the first generation at which its summed env_steps reach N, e.g. another run's summary.json env_steps (equal-budget baselines); 0 = off, --generations stays the limit (default 0)"), (HadesConfig c, ulong v) => c with { EnvStepBudget = (long)Math.Min(v, long.MaxValue) }),
        Bind(Opt.Int("stop-when-solved", $"end the run once this many generations in a row have an eval_return at or above the task's solved threshold (cartpole 475, acrobot -100, mountaincar -110); 0 = off (default {Defaults.StopWhenSolved}; other tasks 0)", valueName: "K"), (HadesConfig c, int v) => c with { StopWhenSolved = v }),
        Bind(Opt.String("init-aggregate", "mean|min", $"a candidate's fitness over its --inits policies, their mean or the worst one (default {Defaults.InitAggregate.Name()})"), (HadesConfig c, string v) => c with { InitAggregate = InitAggregate.Parse(v) }),
        Bind(Opt.String("eval-aggregate", "mean|min", $"eval_return (metrics.csv, the stop-when-solved rule, the best dataset) over the --eval-policies fresh policies: their mean or the worst one (default {Defaults.EvalAggregate.Name()})"), (HadesConfig c, string v) => c with { EvalAggregate = InitAggregate.ParseEval(v) }),
        Bind(Opt.Int("snapshot-every", $"generations between journal snapshots (default {Defaults.SnapshotEvery})"), (HadesConfig c, int v) => c with { SnapshotEvery = v }),
    ];

    /// <summary>The config of a new run: the task family's preset (for --task, --preset, --method), or
    /// <paramref name="baseline"/>, with every given option over it.</summary>
    public static HadesConfig Read(ParseResult parse, HadesConfig? baseline = null)
    {
        var start = baseline ?? TaskPresets.For(parse.ValueOrNull(Task) ?? Defaults.Task, parse.ValueOrNull(Preset) ?? Defaults.Preset, parse.ValueOrNull(Method) ?? HadesMethods.Names.Name(Defaults.Method));
        return TaskPresets.FitMode(start, All.ApplyAll(parse, start));
    }
}
