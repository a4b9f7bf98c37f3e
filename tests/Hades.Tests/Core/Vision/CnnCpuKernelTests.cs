using Hades.Core.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Tests.Core.Vision;

/// <summary>
/// The fused CPU kernels (<see cref="CnnCpuKernels"/>) must give exactly the bits of <see cref="BatchedCnn"/>'s
/// torch-only path, so that runs made before them (and their journals) replay unchanged: every weight after
/// training and every score, bit for bit.
/// </summary>
public class CnnCpuKernelTests
{
    const int Side = 28, Pixels = Side * Side;

    /// <summary>Trains the same networks on the same images through both paths and scores them on the same images.</summary>
    static void AssertPathsEqual(Tensor memberImages, Tensor labels, Tensor evalImages, Tensor evalLabels, ImageInnerLoop settings, int members, ulong[] seeds)
    {
        using var fast = BatchedCnn.Create(seeds, m => m % seeds.Length, members, torch.CPU);
        using var torchOnly = BatchedCnn.Create(seeds, m => m % seeds.Length, members, torch.CPU);
        torchOnly.TorchOnly = true;
        // the fused path is taken exactly where this machine's probe found it equal to the torch path (it is on the
        // machines this project runs on: AVX-512 Xeons with Debian's libtorch build)
        Assert.Equal(CnnKernelProbe.MatchesTorch, fast.UsesCpuKernels);
        Assert.False(torchOnly.UsesCpuKernels);

        var fastLoss = fast.Train(memberImages, labels, settings);
        var torchLoss = torchOnly.Train(memberImages, labels, settings);
        Assert.Equal(torchLoss, fastLoss);
        foreach (var (a, b) in fast.Parameters.Zip(torchOnly.Parameters))
            Assert.Equal(b.bytes.ToArray(), a.bytes.ToArray());
        // training moved the weights (the comparison is not of two untouched inits)
        using var init = BatchedCnn.Create(seeds, m => m % seeds.Length, members, torch.CPU);
        Assert.NotEqual(init.Dense1Weight.bytes.ToArray(), fast.Dense1Weight.bytes.ToArray());

        var fastScores = fast.Evaluate(evalImages, evalLabels, settings);
        var torchScores = torchOnly.Evaluate(evalImages, evalLabels, settings);
        Assert.Equal(torchScores, fastScores);
        Assert.All(fastScores, s => Assert.InRange(s.Loss, 1e-6, 100));
    }

    [Fact]
    public void Fused_kernels_give_the_torch_path_bits_on_random_images()
    {
        using var g = new Generator(21);
        int members = 3, n = 10;
        using var images = torch.rand(members, n, Pixels, generator: g);
        using var labels = torch.arange(n, ScalarType.Int64);
        using var evalImages = torch.rand(300, 1, Side, Side, generator: g);
        using var evalLabels = torch.randint(0, 10, [300], generator: g);
        // a small chunk bound so that the scores run over several chunks with a shorter last one
        var settings = new ImageInnerLoop(Steps: 12, EvalChunkElements: (long)members * Pixels * 16 * 70);
        AssertPathsEqual(images, labels, evalImages, evalLabels, settings, members, [5UL, 6UL]);
    }

    [FashionMnistFact]
    public void Fused_kernels_give_the_torch_path_bits_on_fashion_mnist()
    {
        using var data = FashionMnist.Load();
        var means = SyntheticImageInit.ClassMeans(data.Train, FashionMnist.Classes, 1, 3UL);
        int members = 2;
        var flat = new float[members * means.Length];
        for (int m = 0; m < members; m++) means.CopyTo(flat, m * means.Length);
        flat[means.Length + 400] += 0.25f; // the second member's images differ
        using var images = torch.tensor(flat, [members, FashionMnist.Classes, Pixels]);
        using var labels = torch.arange(FashionMnist.Classes, ScalarType.Int64);
        // the paper's recipe (loss scale, lr) for 40 steps, scored on 2,000 training images in the production chunking
        var settings = new ImageInnerLoop(Steps: 40);
        using var evalImages = data.Train.Images.narrow(0, 1000, 2000);
        using var evalLabels = data.Train.Labels.narrow(0, 1000, 2000);
        AssertPathsEqual(images, labels, evalImages, evalLabels, settings, members, [11UL, 12UL]);
    }

    /// <summary>On this machine the probe finds the fused kernels equal (so the tests above compare two different paths);
    /// a probe that failed here would silently cost the speed-up, so it is asserted where the kernels were written for.</summary>
    [Fact]
    public void The_probe_finds_the_fused_kernels_equal_to_torch_on_avx512_machines()
    {
        if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return; // other CPUs: either answer is correct
        Assert.True(CnnKernelProbe.MatchesTorch);
    }

    [Fact]
    public void More_than_16_images_per_member_take_the_torch_path_and_still_train()
    {
        using var g = new Generator(4);
        using var images = torch.rand(1, 20, Pixels, generator: g);
        using var labels = torch.arange(20, ScalarType.Int64).div_(2, rounding_mode: RoundingMode.floor);
        using var fast = BatchedCnn.Create([1UL], _ => 0, 1, torch.CPU);
        using var torchOnly = BatchedCnn.Create([1UL], _ => 0, 1, torch.CPU);
        torchOnly.TorchOnly = true;
        var settings = new ImageInnerLoop(Steps: 3);
        Assert.Equal(torchOnly.Train(images, labels, settings), fast.Train(images, labels, settings));
        Assert.Equal(torchOnly.Dense1Weight.bytes.ToArray(), fast.Dense1Weight.bytes.ToArray());
    }
}
