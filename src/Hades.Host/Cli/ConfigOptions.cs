using Hades.Core.BehaviourDistillation;
using Hades.Core.Datasets;
using Hades.Core.Policies;
using Hades.Core.Training;
using Hades.Core.Es;

namespace Hades.Host.Cli;

/// <summary>The experiment options shared by <c>run</c> and <c>bench</c>: each maps onto one <see cref="HadesConfig"/> field.</summary>
public static class ConfigOptions
{
    /// <summary>The default job (<c>hades run</c> with no options: the CartPole quick preset), whose values the help shows.</summary>
    static readonly HadesConfig Defaults = TaskPresets.For(new HadesConfig().Task);

    public static readonly (string Name, string Help)[] Table =
    [
        ("task", $"{string.Join(" | ", Hades.Core.Envs.TaskRegistry.Names)} | {HadesConfig.FashionMnistTask} (default {Defaults.Task}); each task family starts from its own preset (see README)"),
        ("preset", $"quick | paper: the task family's starting settings, 2-core budgets or the paper's (see README) (default {Defaults.Preset}); any option overrides it"),
        ("method", $"hades (evolve a dataset) | direct-es (baseline: evolve the policy weights) (default {HadesMethods.Names.Name(Defaults.Method)})"),
        ("strategy", $"openai-es | snes (default {Defaults.Strategy.Name()}; MinAtar preset: snes)"),
        ("seed", $"run seed; the same seed gives the same dataset (default {Defaults.Seed})"),
        ("generations", $"ES generations (default {Defaults.Generations})"),
        ("population", $"ES population size, even (default {Defaults.PopulationSize})"),
        ("dataset-size", $"state/label pairs in the synthetic dataset (default {Defaults.DatasetSize})"),
        ("hidden", $"hidden widths of the trained MLP, e.g. 64,64 (default {string.Join(',', Defaults.Hidden)})"),
        ("activation", $"tanh | relu (default {Defaults.Activation})"),
        ("inner-steps", $"full-batch Adam steps of the inner loop (default {Defaults.InnerSteps})"),
        ("inner-lr", $"inner-loop Adam learning rate (default {Defaults.InnerLearningRate})"),
        ("episodes", $"episodes per trained policy when scoring a candidate (default {Defaults.Episodes})"),
        ("inits", $"policy inits per candidate, HaDES-R (default {Defaults.Inits}; HaDES-F uses 1)"),
        ("sigma", $"ES noise σ, raw observation units (default {Defaults.Sigma})"),
        ("lr", $"ES learning rate: OpenAI-ES Adam step, SNES mean step (default {Defaults.LearningRate})"),
        ("sigma-decay", $"OpenAI-ES: σ multiplier per generation (default {Defaults.SigmaDecay})"),
        ("sigma-limit", $"OpenAI-ES: σ floor (default {Defaults.SigmaLimit})"),
        ("lr-decay", $"OpenAI-ES: learning-rate multiplier per generation (default {Defaults.LrDecay})"),
        ("lr-limit", $"OpenAI-ES: learning-rate floor (default {Defaults.LrLimit})"),
        ("temperature", $"SNES rank-weight temperature (default {Defaults.Temperature})"),
        ("inner-grad-clip", $"inner-loop global gradient-norm clip per policy, 0 = off (default {Defaults.InnerGradClip}; continuous preset 0.5)"),
        ("mode", $"R (fresh inits each generation) | F (one fixed init) (default {Defaults.Mode})"),
        ("labels", $"fixed (balanced) | learned (evolved logits) (default {LabelModes.Names.Name(Defaults.Labels)})"),
        ("shaping", $"fitness shaping: raw | rank (default {Defaults.Shaping})"),
        ("action-selection", $"greedy | sample, how trained policies act (default {ActionSelectionParser.Names.Name(Defaults.ActionSelection)})"),
        ("device", $"cpu | cuda (default {Defaults.Device})"),
        ("obs-norm", $"none | fixed: normalise observations with per-task constants | running: by each evaluated policy's own running statistics (paper preset, MuJoCo) (default {Defaults.ObsNorm})"),
        ("eval-policies", $"fresh policies scoring the mean dataset each generation (default {Defaults.EvalPolicies})"),
        ("batch-size", $"candidates per evaluator work item (default {Defaults.BatchSize})"),
        ("max-in-flight", $"work items in flight at once (default {Defaults.MaxBatchesInFlight})"),
        ("images-per-class", $"fashion-mnist: synthetic images per class (default {Defaults.ImagesPerClass})"),
        ("image-fitness", $"fashion-mnist: accuracy | loss on the held-out selection slice (default {Defaults.ImageFitness})"),
        ("selection-images", $"fashion-mnist: held-out training images that score candidates (default {Defaults.SelectionImages})"),
        ("sticky-actions", $"MinAtar-style games: probability of repeating the previous action, in [0, 1] (default {Defaults.StickyActions}, the paper's; MinAtar's library default 0.1)"),
        ("ramping", $"MinAtar-style games: on | off, difficulty ramping (default {(Defaults.Ramping ? "on" : "off")}, as MinAtar)"),
        ("policy-init", $"normal | orthogonal: MLP weight init (default {PolicyInitNames.Names.Name(Defaults.PolicyInit)}; paper preset orthogonal: √2 hidden, 0.01 output)"),
        ("fitness-protocol", $"episode (--episodes whole episodes) | last-finished (paper, MinAtar) | finished-mean (paper, Brax): --episodes envs × --fitness-steps steps (default {Defaults.FitnessProtocol.Name()})"),
        ("fitness-steps", $"steps per env of the last-finished and finished-mean protocols (default {Defaults.FitnessSteps})"),
        ("learners", "learner-robust HaDES: each of a candidate's --inits policies draws its learner from this distribution, the draws shared by all candidates of a generation, e.g. \"hidden=32|64|64x64;activation=relu|tanh;inner-lr=0.01|0.03;inner-steps=20|200\" (factors hidden, activation, inner-lr, inner-steps; one left out keeps --hidden/--activation/--inner-lr/--inner-steps; \"\" = off) (default off)"),
        ("env-step-budget", "end the run after the first generation at which its summed env_steps reach N, e.g. another run's summary.json env_steps (equal-budget baselines); 0 = off, --generations stays the limit (default 0)"),
        ("stop-when-solved", $"end the run once this many generations in a row have an eval_return at or above the task's solved threshold (cartpole 475, acrobot -100, mountaincar -110); 0 = off (default {Defaults.StopWhenSolved}; other tasks 0)"),
        ("init-aggregate", $"mean | min: a candidate's fitness over its --inits policies, their mean or the worst one (default {Defaults.InitAggregate.Name()})"),
        ("snapshot-every", $"generations between journal snapshots (default {Defaults.SnapshotEvery})"),
    ];

    public static HadesConfig Read(ParsedArguments a, HadesConfig? baseline = null)
    {
        var c = baseline ?? TaskPresets.For(a.String("task") ?? Defaults.Task, a.String("preset") ?? Defaults.Preset, a.String("method") ?? HadesMethods.Names.Name(Defaults.Method));
        return c with
        {
            Task = a.String("task") ?? c.Task,
            Method = a.String("method") is { } method ? HadesMethods.Parse(method) : c.Method,
            Strategy = a.String("strategy") is { } strategy ? StrategyKinds.Parse(strategy) : c.Strategy,
            SigmaDecay = a.Double("sigma-decay") ?? c.SigmaDecay,
            SigmaLimit = a.Double("sigma-limit") ?? c.SigmaLimit,
            LrDecay = a.Double("lr-decay") ?? c.LrDecay,
            LrLimit = a.Double("lr-limit") ?? c.LrLimit,
            Temperature = a.Double("temperature") ?? c.Temperature,
            InnerGradClip = a.Double("inner-grad-clip") ?? c.InnerGradClip,
            Seed = a.ULong("seed") ?? c.Seed,
            Generations = a.Int("generations") ?? c.Generations,
            PopulationSize = a.Int("population") ?? c.PopulationSize,
            DatasetSize = a.Int("dataset-size") ?? c.DatasetSize,
            Hidden = a.IntList("hidden") ?? c.Hidden,
            Activation = a.String("activation") ?? c.Activation,
            InnerSteps = a.Int("inner-steps") ?? c.InnerSteps,
            InnerLearningRate = a.Double("inner-lr") ?? c.InnerLearningRate,
            Episodes = a.Int("episodes") ?? c.Episodes,
            Inits = a.Int("inits") ?? c.Inits,
            Sigma = a.Double("sigma") ?? c.Sigma,
            LearningRate = a.Double("lr") ?? c.LearningRate,
            Mode = a.String("mode") is { } mode ? HadesModes.Parse(mode) : c.Mode,
            Labels = a.String("labels") is { } labels ? LabelModes.Parse(labels) : c.Labels,
            Shaping = a.String("shaping") ?? c.Shaping,
            ActionSelection = a.String("action-selection") is { } selection ? ActionSelectionParser.Parse(selection) : c.ActionSelection,
            Device = a.String("device") ?? c.Device,
            ObsNorm = a.String("obs-norm") ?? c.ObsNorm,
            EvalPolicies = a.Int("eval-policies") ?? c.EvalPolicies,
            BatchSize = a.Int("batch-size") ?? c.BatchSize,
            MaxBatchesInFlight = a.Int("max-in-flight") ?? c.MaxBatchesInFlight,
            SnapshotEvery = a.Int("snapshot-every") ?? c.SnapshotEvery,
            Learners = a.String("learners") ?? c.Learners,
            StopWhenSolved = a.Int("stop-when-solved") ?? c.StopWhenSolved,
            InitAggregate = a.String("init-aggregate") is { } aggregate ? InitAggregate.Parse(aggregate) : c.InitAggregate,
            EnvStepBudget = a.ULong("env-step-budget") is { } budget ? (long)Math.Min(budget, long.MaxValue) : c.EnvStepBudget,
            ImagesPerClass = a.Int("images-per-class") ?? c.ImagesPerClass,
            ImageFitness = a.String("image-fitness") ?? c.ImageFitness,
            SelectionImages = a.Int("selection-images") ?? c.SelectionImages,
            StickyActions = a.Double("sticky-actions") ?? c.StickyActions,
            Ramping = a.String("ramping") is { } ramping ? Hades.Core.Envs.MinAtar.MinAtarOptions.ParseRamping(ramping) : c.Ramping,
            Preset = a.String("preset") ?? c.Preset,
            PolicyInit = a.String("policy-init") is { } init ? PolicyInitNames.Parse(init) : c.PolicyInit,
            FitnessProtocol = a.String("fitness-protocol") is { } protocol ? FitnessProtocols.Parse(protocol) : c.FitnessProtocol,
            FitnessSteps = a.Int("fitness-steps") ?? c.FitnessSteps,
        };
    }

    public static string HelpLines() =>
        string.Join('\n', Table.Select(o => $"  --{o.Name,-18} {o.Help}"));
}
