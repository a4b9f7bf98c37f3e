using Hades.Core.DataFree.Images.Methods;

namespace Hades.Core.DataFree.Images;

/// <summary>The image family's methods by the name a config gives (see each class under <c>Methods/</c>), with the
/// per-method schedules of the image preset (docs/data-free-images.md).</summary>
public static class ImageMethods
{
    public static readonly DistilMethodRegistry<ImageDistilParts, ImageMethod> Registry = new(
        new("gas", "GAS-style (reconstruction)", p => new GasImageMethod(p),
            c => c with { GeneratorLearningRate = 1e-2, StudentStepsPerGeneratorStep = 2 }, HasGasKnobs: true),
        new("dafl", "DAFL", p => new DaflImageMethod(p), c => c with { GeneratorLearningRate = 1e-2, StudentStepsPerGeneratorStep = 1 }),
        new("dfad", "DFAD", p => new DfadImageMethod(p), c => c with { GeneratorLearningRate = 1e-3, StudentStepsPerGeneratorStep = 5 }),
        new("zskt", "ZSKT", p => new ZsktImageMethod(p), c => c with { GeneratorLearningRate = 1e-3, StudentStepsPerGeneratorStep = 10 }),
        new("kd-real", "KD on real data", p => new KdRealImageMethod(p)));

    public static IReadOnlyList<string> Names => Registry.Names;

    /// <summary>The one-line error for a method the family does not have.</summary>
    public static string Unknown(string method, IReadOnlyList<string> names) =>
        $"unknown image method \"{method}\" (known: {string.Join(", ", names)})";
}
