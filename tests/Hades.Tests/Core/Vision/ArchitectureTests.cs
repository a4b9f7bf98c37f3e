using Hades.Core;
using Hades.Core.Vision;
using Hades.Core.Vision.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Tests.Core.Vision;

public class ArchitectureTests
{
    static (Tensor Images, Tensor Labels) Data(int n, ulong seed)
    {
        using var g = new Generator(seed);
        return (torch.rand(n, 1, 28, 28, generator: g), torch.arange(n, ScalarType.Int64).remainder(10));
    }

    [Theory]
    [InlineData("cnn")]
    [InlineData("cnn-wide")]
    [InlineData("cnn-deep")]
    [InlineData("mlp")]
    [InlineData("lenet5")]
    [Trait("Category", "slow")]
    public void Every_architecture_gives_ten_logits_is_deterministic_and_fits_a_tiny_set(string name)
    {
        var (images, labels) = Data(10, 1);
        using var _i = images; using var _l = labels;
        using var a = ImageArchitectures.Create(name, 3);
        using var b = ImageArchitectures.Create(name, 3);
        using var c = ImageArchitectures.Create(name, 4);
        using (torch.no_grad())
        {
            using var la = a.forward(images); using var lb = b.forward(images); using var lc = c.forward(images);
            Assert.Equal(new long[] { 10, 10 }, la.shape);
            Assert.True(torch.allclose(la, lb, rtol: 0, atol: 0), "same seed, same network");
            Assert.False(torch.allclose(la, lc), "different seed, different network");
        }
        var before = ImageArchitectures.Evaluate(a, images, labels);
        ImageArchitectures.Train(a, images, labels, new ImageInnerLoop(Steps: 60, LearningRate: 0.1, Loss: LossScale.PerExample));
        var after = ImageArchitectures.Evaluate(a, images, labels, chunk: 3);
        Assert.True(after.Loss < before.Loss * 0.5, $"{name}: loss {before.Loss} → {after.Loss}");
    }

    [Fact]
    public void The_single_paper_cnn_trains_exactly_like_a_batched_member()
    {
        var (images, labels) = Data(10, 2);
        var (test, testLabels) = Data(30, 5);
        using var _i = images; using var _l = labels; using var _t = test; using var _tl = testLabels;
        var settings = new ImageInnerLoop(Steps: 4);
        var flat = images.data<float>().ToArray();
        var single = ImageArchitectures.TrainAndScore("cnn", flat, 9, settings, test, testLabels);
        var batched = ImageFitness.TrainedAccuracy(flat, [9UL], settings, test, testLabels)[0];
        Assert.Equal(batched.Accuracy, single.Accuracy, 10);
        Assert.Equal(batched.Loss, single.Loss, 4);
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var e = Assert.Throws<HadesUserException>(() => ImageArchitectures.Create("resnet", 1));
        Assert.Contains("cnn, cnn-wide, cnn-deep, mlp, lenet5", e.Message);
    }
}
