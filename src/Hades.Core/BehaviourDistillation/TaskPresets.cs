namespace Hades.Core.BehaviourDistillation;

/// <summary>
/// Default settings per task family. <c>quick</c> (the default) starts from the paper's method for that family
/// (strategy, policy, inner loop, labels) at a budget this 2-core machine finishes in minutes; <c>paper</c> selects
/// the paper's settings (shared/reference/hades-method.md §2–§5: the authors' launch scripts and logged configs).
/// Every option given on the command line or in a campaign file overrides the preset.
/// </summary>
public static class TaskPresets
{
    public const string Quick = "quick", Paper = "paper";

    static readonly HashSet<string> MinAtar = ["breakout", "space-invaders", "asterix", "freeway", "seaquest"];
    static readonly HashSet<string> ContinuousClassic = ["pendulum", "mountaincar-continuous"];
    static readonly HashSet<string> Locomotion = ["hopper", "walker2d", "halfcheetah", "ant", "humanoid", "inverted-double-pendulum"];

    /// <summary>Fails with a one-line error for an unknown preset name.</summary>
    public static string CheckName(string preset) => preset is Quick or Paper
        ? preset
        : throw new HadesUserException($"unknown preset '{preset}' (expected {Quick} or {Paper})");

    /// <summary>The quick preset of <paramref name="task"/> (HaDES).</summary>
    public static HadesConfig For(string task) => For(task, Quick);

    /// <summary>The <paramref name="preset"/> settings of <paramref name="task"/> for <paramref name="method"/>
    /// (only the paper preset of the direct-ES baseline differs from HaDES's).</summary>
    public static HadesConfig For(string task, string preset, HadesMethod method = HadesMethod.Hades) =>
        CheckName(preset) == Paper ? PaperPreset(task, method) : QuickPreset(task, method);

    /// <summary><see cref="For(string, string, HadesMethod)"/> with the method by name (command line, campaign files).</summary>
    public static HadesConfig For(string task, string preset, string method) => For(task, preset, HadesMethods.Parse(method));

    /// <summary>The learners the default job's candidates are scored on: its own one-layer network and a two-layer one,
    /// so the evolved dataset also trains the deeper networks of the standard grid.</summary>
    public const string RobustLearners = "hidden=64|64x64";

    /// <summary>The default job (<c>./hades run</c>: CartPole, HaDES): a dataset that trains the standard learner
    /// grid and whose fresh policies all balance, fast. 8 pairs; its learner (what <c>hades eval</c> and the final
    /// evaluation train) is a one-layer 64-wide relu MLP; population 64 at σ 0.05; each candidate is scored by the
    /// worst of 16 fresh policies (one episode each) whose networks are drawn from <see cref="RobustLearners"/>;
    /// eval_return is the worst of 32 such fresh policies, and the run stops once it reaches 475 in 3 generations in
    /// a row (at most 20). Measured in docs/generalisation.md.</summary>
    public static HadesConfig RobustCartPole(HadesConfig baseline) => baseline with
    {
        DatasetSize = 8, Hidden = [64], PopulationSize = 64, Sigma = 0.05, Inits = 16, Episodes = 1,
        InitAggregate = InitAggregateKind.Min, Learners = RobustLearners, EvalPolicies = 32, EvalAggregate = InitAggregateKind.Min,
        StopWhenSolved = 3, Generations = 20,
    };

    /// <summary>A preset's learner draws need HaDES-R's fresh inits: a <paramref name="configured"/> config (the preset
    /// with a command line's or campaign file's settings over it) in mode F that still has the preset's draws drops them,
    /// so <c>--mode F</c> keeps working on CartPole (HaDES-F trains one fixed init of its one learner).</summary>
    public static HadesConfig FitMode(HadesConfig preset, HadesConfig configured) =>
        configured.Mode == HadesMode.F && preset.Learners != "" && configured.Learners == preset.Learners
            ? configured with { Learners = "" } : configured;

    static HadesConfig QuickPreset(string task, HadesMethod method = HadesMethod.Hades)
    {
        var baseline = new HadesConfig { Task = task };
        if (task == "cartpole" && method != HadesMethod.DirectEs)
            return RobustCartPole(baseline);
        if (task == HadesConfig.FashionMnistTask)
            // paper: OpenAI-ES σ 0.02 and lr 0.01 both decaying 0.999/generation, k = 2, class-mean start, paper CNN,
            // SGD 0.1; here 300 instead of 1000 SGD steps, population 32 and a 2000-image selection slice.
            return baseline with
            {
                Strategy = Es.StrategyKind.OpenAiEs, Sigma = 0.02, LearningRate = 0.01, SigmaDecay = 0.999, SigmaLimit = 0.001,
                LrDecay = 0.999, LrLimit = 0.001, PopulationSize = 32, Inits = 1, Generations = 30, InnerSteps = 300,
                InnerLearningRate = 0.1, EvalPolicies = 2, BatchSize = 16, ImagesPerClass = 1,
            };
        if (MinAtar.Contains(task))
            // paper: SNES σ0 0.5, temperature 20, D = 16 fixed balanced labels, relu MLP, 64 Adam steps at 0.03,
            // sampled actions; smaller population, width and budget than the paper's 2048 × 2×512 × 2000.
            return baseline with
            {
                Strategy = Es.StrategyKind.Snes, Sigma = 0.5, LearningRate = 1.0, Temperature = 20, DatasetSize = 16,
                Hidden = [64, 64], Activation = "relu", InnerSteps = 64, InnerLearningRate = 0.03,
                ActionSelection = Training.ActionSelection.Sample, Mode = HadesMode.F, Inits = 1, PopulationSize = 64, Episodes = 2,
                Generations = 50, EvalPolicies = 8, BatchSize = 32,
            };
        if (ContinuousClassic.Contains(task) || Locomotion.Contains(task))
            // paper (Brax): OpenAI-ES σ 0.03, lr 0.05, evolved continuous labels, tanh MLP, Gaussian NLL,
            // Adam 5e-3 with global-norm clip 0.5, sampled actions.
            return baseline with
            {
                Strategy = Es.StrategyKind.OpenAiEs, Sigma = 0.03, LearningRate = 0.05, DatasetSize = Locomotion.Contains(task) ? 64 : 8,
                Hidden = [64, 64], Activation = "tanh", InnerSteps = 200, InnerLearningRate = 5e-3, InnerGradClip = 0.5,
                ActionSelection = Training.ActionSelection.Sample, ObsNorm = "fixed", PopulationSize = 128, Episodes = 2, Generations = 30,
                EvalPolicies = 8, BatchSize = 64,
            };
        return baseline;
    }

    /// <summary>
    /// The paper's settings (hades-method.md §2.1–§2.6, §4). MinAtar: SNES σ0 0.5 (direct ES: 0.03), temperature 20,
    /// D = 16 fixed balanced labels, relu 512-512, orthogonal init, 64 Adam steps at 0.03, fixed observation
    /// normalisation, sampled actions, no sticky actions, 8 envs × 1,024 steps scored by the last finished episode,
    /// population 2048 × 2000 generations. MuJoCo: OpenAI-ES σ 0.03 / lr 0.05, D = 64, tanh 512-512, orthogonal
    /// init, Gaussian NLL with Adam 5e-3 and clip 0.5 for 400 steps (200 for hopper and inverted-double-pendulum),
    /// sampled actions, 4 envs × 1,024 steps scored by the mean of all finished episodes, running observation
    /// normalisation (the paper's D = 64 runs; direct ES too). Fashion-MNIST: OpenAI-ES population 512, σ 0.02 and lr
    /// 0.01 both decaying 0.999 (floors 0.001), k = 2 inits, 1,000 SGD steps at 0.1, fitness = cross-entropy on the
    /// whole 60,000-image training set, 1,000 generations. Tasks the paper did not run keep the quick settings with
    /// the paper's init and no sticky actions. HaDES-R vs -F stays the quick preset's choice (--mode overrides).
    /// </summary>
    static HadesConfig PaperPreset(string task, HadesMethod method)
    {
        bool direct = method == HadesMethod.DirectEs;
        var quick = QuickPreset(task, method) with
        {
            Preset = Paper, StickyActions = 0, PolicyInit = Policies.PolicyInitKind.Orthogonal,
        };
        if (task == HadesConfig.FashionMnistTask)
            return quick with
            {
                PopulationSize = 512, Generations = 1000, Inits = 2, Mode = HadesMode.R, InnerSteps = 1000, InnerLearningRate = 0.1,
                ImageFitness = "loss", SelectionImages = Vision.FashionMnist.TrainImages, PolicyInit = Policies.PolicyInitKind.Normal,
                // one candidate per work item: each scores 2 CNNs on 60,000 images, and a single-process run re-issues an
                // item that takes longer than its 10-minute ask timeout (16 candidates per item did, on a loaded 2-core machine)
                BatchSize = 1,
            };
        if (MinAtar.Contains(task))
            return quick with
            {
                Strategy = Es.StrategyKind.Snes, Sigma = direct ? 0.03 : 0.5, LearningRate = 1.0, Temperature = 20, DatasetSize = 16,
                Hidden = [512, 512], Activation = "relu", InnerSteps = 64, InnerLearningRate = 0.03,
                ActionSelection = Training.ActionSelection.Sample, ObsNorm = "fixed", Inits = direct ? 1 : 2,
                FitnessProtocol = Training.FitnessProtocol.LastFinished, Episodes = 8, FitnessSteps = 1024,
                PopulationSize = 2048, Generations = 2000,
            };
        if (Locomotion.Contains(task))
            return quick with
            {
                Strategy = Es.StrategyKind.OpenAiEs, Sigma = 0.03, LearningRate = 0.05, SigmaDecay = 1.0, SigmaLimit = 0.01, DatasetSize = 64,
                Hidden = [512, 512], Activation = "tanh",
                InnerSteps = task is "hopper" or "inverted-double-pendulum" ? 200 : 400, InnerLearningRate = 5e-3, InnerGradClip = 0.5,
                ActionSelection = Training.ActionSelection.Sample, ObsNorm = "running", Inits = direct ? 1 : 2, Mode = HadesMode.R,
                FitnessProtocol = Training.FitnessProtocol.FinishedMean, Episodes = 4, FitnessSteps = 1024,
                PopulationSize = 2048, Generations = 2000,
            };
        return quick;
    }
}
