using System.Text.Json;
using System.Text.Json.Serialization;
using Hades.Core.Datasets;
using Hades.Core.Envs;
using Hades.Core.Policies;
using Hades.Core.Es;
using Hades.Core.Training;

using Hades.Core.Torch;

namespace Hades.Core.BehaviourDistillation;

/// <summary>
/// Every setting of one HaDES run. Saved as <c>config.json</c> in the run dir; a resumed run must find the same
/// config. Defaults are tuned for CartPole on a 2-core machine (see README).
/// </summary>
public sealed record HadesConfig
{
    public string Task { get; init; } = "cartpole";
    /// <summary>"hades" (evolve a dataset) or "direct-es" (the baseline: evolve the policy weights themselves).</summary>
    public HadesMethod Method { get; init; } = HadesMethod.Hades;
    public ulong Seed { get; init; } = 0;
    public int Generations { get; init; } = 20;
    public int PopulationSize { get; init; } = 256;
    public int DatasetSize { get; init; } = 4;
    public int[] Hidden { get; init; } = [64, 64];
    public string Activation { get; init; } = "relu";
    public int InnerSteps { get; init; } = 20;
    public double InnerLearningRate { get; init; } = 0.03;
    /// <summary>Per-policy global gradient-norm clip of the inner loop; 0 = off (the paper: 0.5 for continuous control).</summary>
    public double InnerGradClip { get; init; } = 0;
    public int Episodes { get; init; } = 2;
    /// <summary>Policy inits per candidate (k); HaDES-F always uses 1.</summary>
    public int Inits { get; init; } = 2;
    /// <summary>"openai-es" (antithetic, Adam) or "snes" (separable NES, as the paper used for MinAtar).</summary>
    public StrategyKind Strategy { get; init; } = StrategyKind.OpenAiEs;
    /// <summary>OpenAI-ES: fixed σ (times <see cref="SigmaDecay"/> per generation); SNES: initial σ of every dimension.</summary>
    public double Sigma { get; init; } = 0.1;
    /// <summary>OpenAI-ES: Adam learning rate; SNES: learning rate of the mean (the paper: 1.0).</summary>
    public double LearningRate { get; init; } = 0.05;
    public double SigmaDecay { get; init; } = 1.0;
    public double SigmaLimit { get; init; } = 0.0;
    public double LrDecay { get; init; } = 1.0;
    public double LrLimit { get; init; } = 0.0;
    /// <summary>SNES rank-weight temperature (the paper: 20).</summary>
    public double Temperature { get; init; } = 20.0;
    /// <summary>"R" (HaDES-R) or "F" (HaDES-F), see <see cref="HadesMode"/>.</summary>
    public HadesMode Mode { get; init; } = HadesMode.R;
    /// <summary>"fixed" or "learned" labels of discrete-action datasets.</summary>
    public LabelMode Labels { get; init; } = LabelMode.Fixed;
    public string Shaping { get; init; } = "raw";
    /// <summary>How scored policies act: "greedy" or "sample".</summary>
    public ActionSelection ActionSelection { get; init; } = ActionSelection.Greedy;
    public string Device { get; init; } = "cpu";
    /// <summary>"none": policies see raw observations; "fixed": (obs − mean)/std with per-task constants from
    /// random-policy rollouts, and the ES searches in those normalised units; "running" (the paper's D = 64 Brax
    /// runs): every evaluated policy normalises by running statistics of its own rollout, reset at each evaluation
    /// (<see cref="Training.RunningObservationStats"/>), and the ES searches in those units.</summary>
    public string ObsNorm { get; init; } = "none";
    /// <summary>MinAtar-style games: probability of executing the previous action instead of the chosen one (0, the
    /// paper's setting, in both presets; MinAtar's library default is 0.1). Other tasks ignore it.</summary>
    public double StickyActions { get; init; } = Envs.MinAtar.MinAtarEnv.DefaultStickyProbability;
    /// <summary>MinAtar-style games: difficulty ramping (on, as MinAtar and gymnax). Other tasks ignore it.</summary>
    public bool Ramping { get; init; } = true;
    /// <summary>Fresh policies trained on the mean dataset each generation to report eval_return.</summary>
    public int EvalPolicies { get; init; } = 16;
    /// <summary>Candidates per evaluator work item.</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>Batches in flight at once between population and evaluators.</summary>
    public int MaxBatchesInFlight { get; init; } = 2;
    public int SnapshotEvery { get; init; } = 10;
    /// <summary>Episodes of the final evaluation (`--final-eval-episodes`, 0 skips it): saved so a resumed run ends
    /// with the same summary.json as an uninterrupted one.</summary>
    public int FinalEvalEpisodes { get; init; } = 100;
    /// <summary>Image tasks (fashion-mnist): synthetic images per class.</summary>
    public int ImagesPerClass { get; init; } = 1;
    /// <summary>Image tasks: "accuracy" or "loss" (negative cross-entropy) on the held-out selection slice.</summary>
    public string ImageFitness { get; init; } = "accuracy";
    /// <summary>Image tasks: size of the held-out slice at the end of the training set that scores candidates.</summary>
    public int SelectionImages { get; init; } = 2000;
    /// <summary>Which preset the run started from: "quick" (2-core budgets, the default) or "paper" (the paper's
    /// settings per task family, <see cref="TaskPresets"/>). Recorded only; every field below is explicit.</summary>
    public string Preset { get; init; } = TaskPresets.Quick;
    /// <summary>Inner-loop (and direct-ES) MLP init: "normal" (N(0, gain²/fan_in), output N(0, 0.01²/fan_in)) or
    /// "orthogonal" (the paper: orthogonal(√2) hidden layers, orthogonal(0.01) output); biases 0 either way.</summary>
    public PolicyInitKind PolicyInit { get; init; } = PolicyInitKind.Normal;
    /// <summary>How a trained policy's return is scored: "episode" (<see cref="Episodes"/> whole episodes, the mean
    /// return), "last-finished" (the paper's MinAtar protocol: <see cref="Episodes"/> envs × <see cref="FitnessSteps"/>
    /// steps with auto-reset, the return of each env's last finished episode, 0 if none; mean over envs) or
    /// "finished-mean" (the paper's Brax protocol: the same steps, the mean over every finished episode).</summary>
    public FitnessProtocol FitnessProtocol { get; init; } = FitnessProtocol.Episode;
    /// <summary>Steps per env of the "last-finished" and "finished-mean" protocols (the paper: 1024).</summary>
    public int FitnessSteps { get; init; } = 1024;
    /// <summary>Learner-robust HaDES: a <see cref="LearnerSpace"/> (e.g. <c>hidden=32|64x64;activation=relu|tanh</c>)
    /// from which each of the k = <see cref="Inits"/> policies of a candidate draws its learner, the draws shared by
    /// all candidates of a generation; "" = off (every policy is the learner of --hidden/--activation/…).</summary>
    public string Learners { get; init; } = "";
    /// <summary>Stop-when-solved rule: the run ends once this many consecutive generations have an eval_return at
    /// or above the task's solved threshold (0 = off; the run then ends after <see cref="Generations"/>).</summary>
    public int StopWhenSolved { get; init; } = 0;
    /// <summary>How a candidate's fitness combines its k policies' scores: "mean" (the paper) or "min" (the worst
    /// policy; <see cref="InitAggregate"/>).</summary>
    public InitAggregateKind InitAggregate { get; init; } = InitAggregateKind.Mean;
    /// <summary>How eval_return (metrics.csv; the stop-when-solved rule and the best dataset read it) combines the
    /// returns of the <see cref="EvalPolicies"/> fresh policies: "mean" or "min" (the worst policy: the stop rule then
    /// needs every eval policy of K generations in a row solved). HaDES on environment tasks only.</summary>
    public InitAggregateKind EvalAggregate { get; init; } = InitAggregateKind.Mean;
    /// <summary>Env-step budget: the run ends after the first generation at which the environment steps of all its
    /// generations so far (metrics.csv's env_steps, summed) reach this many (0 = off; <see cref="Generations"/> stays
    /// the upper bound). Gives a baseline the measured env_steps of another run (e.g. direct ES vs HaDES).</summary>
    public long EnvStepBudget { get; init; } = 0;
    /// <summary>Score the mean dataset (eval_return) only every this many generations (`--eval-every`): generation g is
    /// scored when g is a multiple of it, and the run's last configured generation always; the other generations
    /// journal and write NaN as their eval_return and never become the best dataset. 1 (the default) scores every
    /// generation. It does not change the ES (the mean's score takes no part in the update) nor the final evaluation.</summary>
    public int EvalEvery { get; init; } = 1;

    /// <summary>Whether generation <paramref name="generation"/> scores the mean dataset (see <see cref="EvalEvery"/>).</summary>
    public bool EvaluatesMeanAt(int generation) => EvalEvery <= 1 || generation % EvalEvery == 0 || generation == Generations - 1;

    /// <summary>The supervised image task (not an environment): Fashion-MNIST.</summary>
    public const string FashionMnistTask = "fashion-mnist";

    [JsonIgnore] public bool IsImageTask => Task == FashionMnistTask;

    [JsonIgnore] public Vision.FitnessKind ImageFitnessKind => ImageFitness.ToLowerInvariant() switch
    {
        "accuracy" => Vision.FitnessKind.Accuracy,
        "loss" => Vision.FitnessKind.NegativeLoss,
        _ => throw new HadesUserException($"unknown image-fitness '{ImageFitness}' (expected accuracy or loss)"),
    };

    [JsonIgnore] public bool IsDirectEs => Method == HadesMethod.DirectEs;

    /// <summary>"HaDES-R", "HaDES-F" or "direct ES", for progress lines and reports.</summary>
    [JsonIgnore] public string MethodLabel => IsDirectEs ? "direct ES" : $"HaDES-{Mode}";

    /// <summary>The search budget in words (for summaries and reports).</summary>
    public string BudgetText() => IsDirectEs
        ? $"{Generations} generations × population {PopulationSize} × {ScoringText} ({Strategy.Name()})" + (EnvStepBudget > 0 ? $", until {EnvStepBudget} env steps" : "")
        : IsImageTask
            ? $"{Generations} generations × population {PopulationSize} × {EffectiveInits} init(s), {ImagesPerClass} image(s)/class, {InnerSteps} SGD steps, {SelectionImages} selection images ({Strategy.Name()})"
            : $"{Generations} generations × population {PopulationSize} × {EffectiveInits} init(s) × {ScoringText}, {DatasetSize} pairs ({Strategy.Name()})"
        + (EnvStepBudget > 0 ? $", until {EnvStepBudget} env steps" : "");

    /// <summary>What one policy's fitness costs, in words: "2 episodes" or "8 envs × 1024 steps (last-finished)".</summary>
    [JsonIgnore] string ScoringText => FitnessProtocol == FitnessProtocol.Episode
        ? $"{Episodes} episodes"
        : $"{Episodes} envs × {FitnessSteps} steps ({FitnessProtocol.Name()})";

    /// <summary>What plays the final evaluation's episodes, in words.</summary>
    [JsonIgnore] public string ResultPlayer => IsDirectEs ? "the evolved policy itself"
        : IsImageTask ? "one fresh CNN per score"
        : Mode == HadesMode.F ? "the policy trained on the dataset from the run's fixed init"
        : "one fresh policy trained on the dataset per episode";

    [JsonIgnore] public int EffectiveInits => Mode == HadesMode.F ? 1 : Inits;

    public DatasetLayout Layout()
    {
        if (IsImageTask) throw new InvalidOperationException("image tasks have no state-action layout");
        var spec = TaskRegistry.Spec(Task);
        var layout = spec.IsDiscrete
            ? new DatasetLayout(DatasetSize, spec.ObservationSize, spec.ActionCount, Labels)
            : new DatasetLayout(DatasetSize, spec.ObservationSize, 0, LabelMode.Learned) { ContinuousActionSize = spec.ActionSize };
        switch (ObsNorm.ToLowerInvariant())
        {
            case "none": return layout;
            case "fixed":
                var (mean, std) = ObservationStats.For(Task);
                return layout with { ObservationOffset = mean, ObservationScale = std };
            case "running": return layout with { RunningNormalisation = true };
            default: throw new HadesUserException($"unknown obs-norm '{ObsNorm}' (expected none, fixed or running)");
        }
    }

    /// <summary>The options of a MinAtar-style game (<see cref="StickyActions"/>, <see cref="Ramping"/>).</summary>
    [JsonIgnore] public Envs.MinAtar.MinAtarOptions MinAtarOptions => new(StickyActions, Ramping);

    public OpenAiEsConfig EsConfig() => new(PopulationSize, Sigma, LearningRate, Shaping: FitnessShaper.Parse(Shaping),
        SigmaDecay: SigmaDecay, SigmaLimit: SigmaLimit, LearningRateDecay: LrDecay, LearningRateLimit: LrLimit);

    public SnesConfig SnesConfig() => new(PopulationSize, Sigma, Temperature, LearningRate);

    /// <summary>The configured evolution strategy, seeded with the run seed.</summary>
    public IEvolutionStrategy CreateStrategy() => Strategy == StrategyKind.Snes
        ? new Snes(SnesConfig(), Seed)
        : new OpenAiEs(EsConfig(), Seed);

    /// <summary>The learner distribution, or null when every policy is the configured learner.</summary>
    public LearnerSpace? LearnerSpaceValue() => string.IsNullOrWhiteSpace(Learners) ? null : LearnerSpace.Parse(Learners);

    public InnerLoopSettings InnerLoop() => new(Hidden, Policies.ActivationExtensions.Parse(Activation), InnerSteps, InnerLearningRate, GradClip: InnerGradClip, Init: PolicyInit);

    /// <summary>How candidates' policies are scored (protocol, envs/episodes, steps).</summary>
    [JsonIgnore] public RolloutProtocol Scoring => new(FitnessProtocol, Episodes, FitnessSteps);

    /// <summary>Checks every setting; the first problem becomes a one-line <see cref="HadesUserException"/>.</summary>
    public HadesConfig Validate()
    {
        ConfigLimits.Check(this);
        if (IsImageTask) return ValidateImageTask();
        var spec = TaskRegistry.Spec(Task);
        ValidateCommon();
        Positive(Generations, "generations");
        Positive(DatasetSize, "dataset-size");
        if (Hidden.Length == 0 || Hidden.Any(h => h <= 0)) throw new HadesUserException("hidden widths must be positive integers, e.g. --hidden 64,64");
        Positive(InnerSteps, "inner-steps");
        if (!(InnerLearningRate > 0)) throw new HadesUserException($"inner-lr must be > 0 (got {InnerLearningRate})");
        if (!(InnerGradClip >= 0)) throw new HadesUserException($"inner-grad-clip must be ≥ 0 (got {InnerGradClip})");
        Positive(Episodes, "episodes");
        Positive(Inits, "inits");
        Positive(EvalPolicies, "eval-policies");
        Positive(EvalEvery, "eval-every");
        Positive(BatchSize, "batch-size");
        Positive(MaxBatchesInFlight, "max-in-flight");
        Positive(SnapshotEvery, "snapshot-every");
        if (FinalEvalEpisodes < 0) throw new HadesUserException("final-eval-episodes must be ≥ 0");
        if (spec.IsDiscrete && Labels == LabelMode.Fixed && DatasetSize < spec.ActionCount)
            throw new HadesUserException($"dataset-size must be at least the number of actions ({spec.ActionCount}) for task '{Task}' with fixed labels");
        _ = InnerLoop(); Layout();
        ValidateLearnersAndStopRule();
        if (Strategy == StrategyKind.Snes) SnesConfig().Validate(); else EsConfig().Validate();
        _ = CreateStrategy();
        DeviceSelector.Resolve(Device);
        return this;
    }

    void ValidateCommon()
    {
        TaskPresets.CheckName(Preset);
        MinAtarOptions.Validate(); // sticky-actions in [0, 1]
        Positive(FitnessSteps, "fitness-steps");
    }

    void ValidateLearnersAndStopRule()
    {
        if (LearnerSpaceValue() is not null)
        {
            if (IsDirectEs) throw new HadesUserException("--learners is for HaDES (a dataset trains the learners), not direct-es");
            if (Mode == HadesMode.F) throw new HadesUserException("--learners needs mode R (HaDES-F trains one fixed init of one learner)");
        }
        if (EvalAggregate != InitAggregateKind.Mean && IsDirectEs)
            throw new HadesUserException("eval-aggregate min is for HaDES (eval_return over fresh policies), not direct-es");
        if (EnvStepBudget < 0) throw new HadesUserException($"env-step-budget must be ≥ 0 (got {EnvStepBudget})");
        if (StopWhenSolved < 0) throw new HadesUserException($"stop-when-solved must be ≥ 0 (got {StopWhenSolved})");
        if (StopWhenSolved > 0 && SolvedThresholds.For(Task) is null)
            throw new HadesUserException($"stop-when-solved needs a solved threshold, and task '{Task}' has none (known: {string.Join(", ", SolvedThresholds.Tasks)})");
    }

    HadesConfig ValidateImageTask()
    {
        ValidateCommon();
        if (LearnerSpaceValue() is not null) throw new HadesUserException("--learners is for environment tasks, not fashion-mnist");
        if (StopWhenSolved != 0) throw new HadesUserException("stop-when-solved is for environment tasks, not fashion-mnist");
        if (EvalAggregate != InitAggregateKind.Mean) throw new HadesUserException("eval-aggregate min is for environment tasks, not fashion-mnist");
        if (EnvStepBudget != 0) throw new HadesUserException("env-step-budget is for environment tasks, not fashion-mnist (it takes no environment steps)");
        Positive(Generations, "generations");
        Positive(ImagesPerClass, "images-per-class");
        Positive(InnerSteps, "inner-steps");
        if (!(InnerLearningRate > 0)) throw new HadesUserException($"inner-lr must be > 0 (got {InnerLearningRate})");
        Positive(Inits, "inits");
        Positive(EvalPolicies, "eval-policies");
        Positive(EvalEvery, "eval-every");
        Positive(BatchSize, "batch-size");
        Positive(MaxBatchesInFlight, "max-in-flight");
        Positive(SnapshotEvery, "snapshot-every");
        if (SelectionImages is < 1 or > Vision.FashionMnist.TrainImages) throw new HadesUserException($"selection-images must be in 1..{Vision.FashionMnist.TrainImages} (got {SelectionImages}; {Vision.FashionMnist.TrainImages} = the whole training set, as the paper)");
        if (IsDirectEs) throw new HadesUserException("direct-es is for environment tasks, not fashion-mnist");
        _ = ImageFitnessKind;
        if (Strategy == StrategyKind.Snes) SnesConfig().Validate(); else EsConfig().Validate();
        _ = CreateStrategy();
        DeviceSelector.Resolve(Device);
        return this;
    }

    static void Positive(int value, string name)
    {
        if (value <= 0) throw new HadesUserException($"{name} must be a positive integer (got {value})");
    }

    static readonly JsonSerializerOptions JsonOptions = Storage.JsonDefaults.Settings;

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    public static HadesConfig FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<HadesConfig>(json, JsonOptions)
                   ?? throw new HadesUserException($"{source}: empty config");
        }
        catch (HadesUserException e) when (!e.Message.StartsWith(source + ": ", StringComparison.Ordinal))
        {
            // an unknown enum name (mode, labels, method, …): the same one-liner as on the command line, with the file
            throw new HadesUserException($"{source}: {e.Message}");
        }
        catch (JsonException e)
        {
            var unknown = System.Text.RegularExpressions.Regex.Match(e.Message, "JSON property '([^']*)' could not be mapped");
            if (unknown.Success)
                throw new HadesUserException($"{source}: not a valid Hades config (unknown key '{unknown.Groups[1].Value}'; known keys: {string.Join(", ", KnownKeys)})");
            throw new HadesUserException($"{source}: not a valid Hades config ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>The keys of config.json (and of campaign files).</summary>
    public static IEnumerable<string> KnownKeys => System.Text.Json.Nodes.JsonNode.Parse(new HadesConfig().ToJson())!.AsObject().Select(kv => kv.Key);

    /// <summary>True when both configs describe the same experiment (same JSON).</summary>
    public bool SameExperimentAs(HadesConfig other) => ToJson() == other.ToJson();
}
