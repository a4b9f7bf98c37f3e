using Hades.Core.DataFree.Images.Methods;

namespace Hades.Core.DataFree.Images;

/// <summary>The image family's methods by the name a config gives (see each class under <c>Methods/</c>), with the
/// per-method schedules of the image preset (docs/data-free-images.md).</summary>
public static class ImageMethods
{
    public static readonly DistilMethodRegistry<ImageDistilParts, ImageMethod> Registry = new(
        new("gas", "GAS-style (reconstruction)", p => new GasImageMethod(p), Gas, HasGasKnobs: true),
        new("dafl", "DAFL", p => new DaflImageMethod(p), Dafl),
        new("dfad", "DFAD", p => new DfadImageMethod(p), Dfad),
        new("zskt", "ZSKT", p => new ZsktImageMethod(p), Zskt),
        new("kd-real", "KD on real data", p => new KdRealImageMethod(p), c => c with { BatchSize = 128, KdTemperature = 8 }));

    /// <summary>The GAS-style setting chosen on the selection split (docs/data-free-images.md, "Choosing the GAS-style setting").</summary>
    static DistilConfig Gas(DistilConfig c) => c with
    {
        BatchSize = 128, KdTemperature = 8, GeneratorLearningRate = 1e-2, StudentStepsPerGeneratorStep = 2,
        AdversarialWeight = 1, ConfidenceThreshold = 0, Restarts = 20, HarvestRounds = 20, ExemplarsPerClass = 50,
        BufferCapacity = 10_000, GeneratorChannels = 16, PixelPrior = true, ShiftAugment = 2, StudentLrDecay = true,
        StudentAverage = 0.995,
    };

    /// <summary>DAFL's published MNIST settings (Chen et al. 2019, official code DAFL_train.py): batch 512, Adam with
    /// generator lr 0.2 and student lr 2e-3, KD at τ = 1, generator BatchNorm ε = 0.8, both updated every step;
    /// 500 steps = the same 256,000 student inputs as the other rows.</summary>
    static DistilConfig Dafl(DistilConfig c) => c with
    {
        BatchSize = 512, Steps = 500, GeneratorLearningRate = 0.2, StudentLearningRate = 2e-3, KdTemperature = 1,
        GeneratorBatchNormEps = 0.8, StudentStepsPerGeneratorStep = 1,
    };

    /// <summary>DFAD's settings (Fang et al. 2019): batch 512, generator Adam lr 1e-3, 5 student steps per generator
    /// step, L1 on logits; 500 steps = 256,000 student inputs. (The student uses Adam 2e-3 here, not the paper's SGD.)</summary>
    static DistilConfig Dfad(DistilConfig c) => c with
    {
        BatchSize = 512, Steps = 500, GeneratorLearningRate = 1e-3, StudentLearningRate = 2e-3, StudentStepsPerGeneratorStep = 5,
    };

    /// <summary>ZSKT's published settings (Micaelli &amp; Storkey 2019): batch 128, Adam lr 2e-3 student (cosine decay)
    /// and 1e-3 generator, 10 student steps per generator step, KL at τ = 1 plus attention transfer with β = 250.</summary>
    static DistilConfig Zskt(DistilConfig c) => c with
    {
        BatchSize = 128, GeneratorLearningRate = 1e-3, StudentLearningRate = 2e-3, StudentStepsPerGeneratorStep = 10,
        KdTemperature = 1, AttentionWeight = 250, StudentLrDecay = true,
    };

    public static IReadOnlyList<string> Names => Registry.Names;

    /// <summary>The one-line error for a method the family does not have.</summary>
    public static string Unknown(string method, IReadOnlyList<string> names) =>
        $"unknown image method \"{method}\" (known: {string.Join(", ", names)})";
}
