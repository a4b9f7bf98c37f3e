using System.CommandLine;
using Hades.Core.DataFree;
using static Hades.Host.Cli.BoundOption;

namespace Hades.Host.Cli;

/// <summary>The options of <c>hades distil</c>: each declared once and bound to one <see cref="DistilConfig"/> field
/// (its <c>distil.json</c> key).</summary>
public static class DistilOptions
{
    static readonly DistilConfig Defaults = new();

    public static readonly Option<string> Task = Opt.String("task", "NAME", $"fashion-mnist, fashion-mnist-coarse, or a discrete-action task of the registry (default {Defaults.Task})");
    public static readonly Option<string> Method = Opt.String("method", "gas|dafl|dfad|zskt|kd-real|uniform|rollouts", $"the distillation method, see above (default {Defaults.Method})");
    public static readonly Option<bool> NoBuffer = Opt.Flag("no-buffer", "gas: no exemplar buffer");
    public static readonly Option<bool> NoPixelPrior = Opt.Flag("no-pixel-prior", "images: the generator's output is DAFL/DFAD's tanh + BatchNorm in the normalised space, not a [0, 1] image with a black border (the gas preset's pixel prior)");

    public static readonly BoundOption<DistilConfig>[] All =
    [
        Bind<DistilConfig, string>(Task, (c, v) => c with { Task = v }),
        Bind<DistilConfig, string>(Method, (c, v) => c with { Method = v }),
        Bind(Opt.ULong("seed", $"run seed (default {Defaults.Seed})"), (DistilConfig c, ulong v) => c with { Seed = v }),
        Bind(Opt.String("teacher", "DIR", "a PPO run dir (policies) or image-teacher dir (default: the task's default teacher under runs/teachers/, trained on first use)"), (DistilConfig c, string v) => c with { Teacher = v }),
        Bind(Opt.String("student", "SPEC", "student architecture (default: the family's)"), (DistilConfig c, string v) => c with { Student = v }),
        Bind(Opt.Int("steps", $"student optimisation steps (default {Defaults.Steps})"), (DistilConfig c, int v) => c with { Steps = v }),
        Bind(Opt.Int("chunk-steps", $"steps per journal event (default {Defaults.ChunkSteps})"), (DistilConfig c, int v) => c with { ChunkSteps = v }),
        Bind(Opt.Int("batch", $"generated inputs per student step (default {Defaults.BatchSize})"), (DistilConfig c, int v) => c with { BatchSize = v }),
        Bind(Opt.Int("latent", $"generator latent size (default {Defaults.LatentSize})"), (DistilConfig c, int v) => c with { LatentSize = v }),
        Bind(Opt.Double("lr-g", $"generator learning rate (default {Defaults.GeneratorLearningRate})"), (DistilConfig c, double v) => c with { GeneratorLearningRate = v }),
        Bind(Opt.Double("lr-s", $"student learning rate (default {Defaults.StudentLearningRate})"), (DistilConfig c, double v) => c with { StudentLearningRate = v }),
        Bind(Opt.Int("student-per-generator", $"student steps per generator step (default {Defaults.StudentStepsPerGeneratorStep})"), (DistilConfig c, int v) => c with { StudentStepsPerGeneratorStep = v }),
        Bind(Opt.Double("adv-weight", $"gas: λ_adv, weight of the disagreement term (default {Defaults.AdversarialWeight}; 0 = none)"), (DistilConfig c, double v) => c with { AdversarialWeight = v }),
        Bind(Opt.Int("restarts", $"gas: generator re-initialisations (default {Defaults.Restarts}; 1 = never)"), (DistilConfig c, int v) => c with { Restarts = v }),
        new(NoBuffer, (parse, c) => parse.GetValue(NoBuffer) ? c with { UseBuffer = false } : c),
        new(NoPixelPrior, (parse, c) => parse.GetValue(NoPixelPrior) ? c with { PixelPrior = false } : c),
        Bind(Opt.Int("exemplars", $"gas: exemplars harvested per class/action per round (default {Defaults.ExemplarsPerClass})"), (DistilConfig c, int v) => c with { ExemplarsPerClass = v }),
        Bind(Opt.Double("confidence", $"images, gas: teacher confidence an exemplar needs to enter the buffer (default: preset, 0 = keep every exemplar; policies keep every exemplar)"), (DistilConfig c, double v) => c with { ConfidenceThreshold = v }),
        Bind(Opt.Double("kd-temperature", "temperature of the KL student loss (images; default: preset)"), (DistilConfig c, double v) => c with { KdTemperature = v }),
        Bind(Opt.Int("generator-channels", $"image generator widths N and N/2 (default {Defaults.GeneratorChannels})"), (DistilConfig c, int v) => c with { GeneratorChannels = v }),
        Bind(Opt.Int("buffer-capacity", $"images, gas: most exemplars kept (default {Defaults.BufferCapacity})"), (DistilConfig c, int v) => c with { BufferCapacity = v }),
        Bind(Opt.Int("harvest-rounds", $"images, gas: exemplar harvests per run (default {Defaults.HarvestRounds})"), (DistilConfig c, int v) => c with { HarvestRounds = v }),
        Bind(Opt.Int("shift", "images: shift student inputs by up to N pixels (default: preset)"), (DistilConfig c, int v) => c with { ShiftAugment = v }),
        Bind(Opt.Double("student-average", "images: decay of the scored moving average of the student's weights (0 = last weights; default: preset)"), (DistilConfig c, double v) => c with { StudentAverage = v }),
        Bind(Opt.Double("attention-weight", "images, zskt: β of the attention-transfer term (default: preset)"), (DistilConfig c, double v) => c with { AttentionWeight = v }),
        Bind(Opt.String("score-split", "test|selection", "images: score on the 10k test images or on the selection split (last 5,000 training images, for tuning) (default test)"), (DistilConfig c, string v) => c with { ScoreSplit = v }),
        Bind(Opt.Double("prior-scale", $"policies: widen the observation prior's chosen ranges (default {Defaults.PriorScale})"), (DistilConfig c, double v) => c with { PriorScale = v }),
        Bind(Opt.Int("eval-every-chunks", $"score the student every N chunks (default {Defaults.EvalEveryChunks})"), (DistilConfig c, int v) => c with { EvalEveryChunks = v }),
        Bind(Opt.Int("final-eval-episodes", $"final score: greedy episodes (policies) or test images (images; 0 = all) (default {Defaults.FinalEvalEpisodes})"), (DistilConfig c, int v) => c with { FinalEvalEpisodes = v }),
    ];

    /// <summary><c>--config FILE.json</c>: start from a distil.json-style file.</summary>
    public static readonly Option<string> ConfigFile = Opt.String("config", "FILE.json", "start from a distil.json-style file (options override it)");
}
