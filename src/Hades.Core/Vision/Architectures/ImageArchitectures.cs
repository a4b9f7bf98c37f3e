using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Vision.Architectures;

/// <summary>
/// Classifiers for the generalisation table, by name, and the single-model version of the HaDES inner loop:
/// full-batch SGD (no momentum) on a synthetic image set, then scoring on real images.
/// </summary>
public static class ImageArchitectures
{
    static readonly Dictionary<string, Func<ulong, nn.Module<Tensor, Tensor>>> Factories = new()
    {
        ["cnn"] = seed => new PaperCnn(seed),
        ["cnn-wide"] = seed => WideCnn.Create(seed),
        ["cnn-deep"] = seed => new DeepCnn(seed),
        ["mlp"] = seed => new Mlp(seed),
        ["lenet5"] = seed => new LeNet5(seed),
    };

    public static IReadOnlyList<string> Names { get; } = [.. Factories.Keys];

    /// <summary>A fresh 28×28, 10-class classifier, initialised deterministically from <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> Create(string name, ulong seed) =>
        Factories.TryGetValue(name, out var make) ? make(seed)
            : throw new HadesUserException($"unknown architecture '{name}'; known: {string.Join(", ", Names)}");

    /// <summary>
    /// <see cref="ImageInnerLoop.Steps"/> full-batch SGD steps at <see cref="ImageInnerLoop.LearningRate"/> on
    /// <paramref name="images"/> [N, 1, side, side] with <paramref name="labels"/> [N]; the loss is scaled as
    /// <see cref="ImageInnerLoop.Loss"/> says. Returns the mean cross-entropy of the last step (before its update).
    /// </summary>
    public static double Train(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, ImageInnerLoop settings)
    {
        model.train();
        using var sgd = torch.optim.SGD(model.parameters(), settings.LearningRate);
        int n = (int)images.shape[0];
        double factor = settings.LossFactor(n) * n, last = double.NaN;
        for (int step = 0; step < settings.Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            sgd.zero_grad();
            var ce = torch.nn.functional.cross_entropy(model.forward(images), labels);
            if (step == settings.Steps - 1) last = ce.item<float>();
            (ce * factor).backward();
            sgd.step();
        }
        return last;
    }

    /// <summary>Accuracy and mean cross-entropy on real images, in chunks of <paramref name="chunk"/> images.</summary>
    public static ImageScore Evaluate(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, int chunk = 1000)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        int total = (int)images.shape[0];
        double correct = 0, loss = 0;
        for (int start = 0; start < total; start += chunk)
        {
            using var scope = torch.NewDisposeScope();
            int size = Math.Min(chunk, total - start);
            var y = labels.narrow(0, start, size);
            var logits = model.forward(images.narrow(0, start, size));
            correct += logits.argmax(-1).eq(y).sum().item<long>();
            loss += torch.nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
        }
        return new ImageScore(correct / total, loss / total);
    }

    /// <summary>Trains a fresh <paramref name="name"/> network on a class-major synthetic image set and scores it.</summary>
    public static ImageScore TrainAndScore(string name, float[] syntheticImages, ulong seed, ImageInnerLoop settings,
        Tensor testImages, Tensor testLabels)
    {
        int side = (int)testImages.shape[^1], perSet = syntheticImages.Length / (side * side);
        if (perSet * side * side != syntheticImages.Length || perSet % settings.Classes != 0)
            throw new HadesUserException($"a synthetic image set has {syntheticImages.Length} values, not a multiple of {settings.Classes} classes × {side * side} pixels");
        var device = testImages.device;
        using var model = Create(name, seed);
        model.to(device);
        using var images = torch.tensor(syntheticImages, [perSet, 1, side, side], device: device);
        using var labels = torch.arange(perSet, ScalarType.Int64, device: device).div_(perSet / settings.Classes, rounding_mode: RoundingMode.floor);
        Train(model, images, labels, settings);
        return Evaluate(model, testImages, testLabels);
    }
}
