using Hades.Core.BehaviourDistillation;
using Hades.Core.Random;

namespace Hades.Core.Vision;

/// <summary>
/// HaDES on Fashion-MNIST as a pure computation: the ES searches <c>10 × ipc</c> synthetic 28×28 images
/// (class-major, labels fixed), starting from class-mean images; a candidate's fitness is the accuracy (or
/// negative loss) on a held-out slice of the training set of paper CNNs trained from k fresh inits by SGD on it.
/// The official test split is used only by <see cref="TestScores"/>, never for selection.
/// </summary>
public sealed class ImageDistillation : IDisposable
{
    /// <summary>Environment variable that points at another folder with the Fashion-MNIST idx files.</summary>
    public const string DirectoryVariable = "HADES_FASHION_MNIST_DIR";
    const ulong InitLabel = 0x494D4749UL; // "IMGI"

    readonly FashionMnist data;
    readonly LabelledImages fit, selection;

    public HadesConfig Config { get; }
    public int ImagesPerClass => Config.ImagesPerClass;
    public int Dimension => FashionMnist.Classes * ImagesPerClass * FashionMnist.Pixels;
    public ImageInnerLoop InnerLoop { get; }
    public FitnessKind Kind { get; }

    public ImageDistillation(HadesConfig config)
    {
        Config = config;
        InnerLoop = new ImageInnerLoop(Steps: config.InnerSteps, LearningRate: config.InnerLearningRate);
        Kind = config.ImageFitnessKind;
        data = FashionMnist.Load(Environment.GetEnvironmentVariable(DirectoryVariable));
        (fit, selection) = data.SplitTrain(config.SelectionImages);
    }

    /// <summary>The ES start: class-mean images from the training images outside the selection slice.</summary>
    public float[] InitialImages() => SyntheticImageInit.ClassMeans(fit, FashionMnist.Classes, ImagesPerClass, CounterRng.Key(Config.Seed, InitLabel));

    /// <summary>Random real training images (outside the selection slice), one draw per seed: an in-house baseline.</summary>
    public float[] RandomRealImages(ulong seed) => SyntheticImageInit.RandomReal(fit, FashionMnist.Classes, ImagesPerClass, seed);

    /// <summary>Fitness of each candidate, the mean over the generation's inits (common to all candidates):
    /// accuracy in percent, or minus the cross-entropy. <paramref name="timings"/> gets the training and the scoring
    /// time apart (scoring as its rollout time).</summary>
    public float[] Evaluate(float[][] candidates, ulong[] initSeeds, Training.PhaseTimings? timings = null) =>
        ImageFitness.Evaluate(candidates, initSeeds, InnerLoop, selection.Images, selection.Labels, Kind, timings)
            .Select(f => Kind == FitnessKind.Accuracy ? 100 * f : f).ToArray();

    /// <summary>Held-out (selection-slice) accuracy in percent of one image set, averaged over fresh inits: the
    /// per-generation eval column.</summary>
    public float SelectionAccuracy(float[] images, ulong[] initSeeds) =>
        (float)(100 * ImageFitness.Scores([images], initSeeds, InnerLoop, selection.Images, selection.Labels).Average(s => s.Accuracy));

    /// <summary>Test-split score of one image set: one fresh paper CNN per seed.</summary>
    public ImageScore[] TestScores(float[] images, ulong[] initSeeds) =>
        ImageFitness.TrainedAccuracy(images, initSeeds, InnerLoop, data.Test.Images, data.Test.Labels);

    /// <summary>Test-split score of another architecture trained on the image set (generalisation).</summary>
    public ImageScore TestScore(string architecture, float[] images, ulong seed) =>
        Architectures.ImageArchitectures.TrainAndScore(architecture, images, seed, InnerLoop, data.Test.Images, data.Test.Labels);

    public void Dispose() => data.Dispose();
}
