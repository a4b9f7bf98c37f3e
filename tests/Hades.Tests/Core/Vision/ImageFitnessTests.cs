using Hades.Core;
using Hades.Core.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Tests.Core.Vision;

public class ImageFitnessTests
{
    const int Pixels = 28 * 28;

    static float[] Candidate(int seed, int ipc = 1)
    {
        var rng = new System.Random(seed);
        return Enumerable.Range(0, 10 * ipc * Pixels).Select(_ => (float)rng.NextDouble()).ToArray();
    }

    static (Tensor Images, Tensor Labels) Eval(int count)
    {
        using var g = new Generator(77);
        return (torch.rand(count, 1, 28, 28, generator: g), torch.randint(0, 10, [count], generator: g));
    }

    [Theory]
    [InlineData(FitnessKind.Accuracy)]
    [InlineData(FitnessKind.NegativeLoss)]
    public void Fitness_is_the_mean_over_the_k_inits_of_each_candidate_trained_alone(FitnessKind kind)
    {
        var (images, labels) = Eval(40);
        using var _i = images; using var _l = labels;
        float[][] candidates = [Candidate(1), Candidate(2, ipc: 1), Candidate(3)];
        ulong[] seeds = [11, 12];
        // Batches of 4 members cut across candidates (members are candidate·k + init).
        var settings = new ImageInnerLoop(Steps: 3, MaxMembersPerBatch: 4);
        var fitness = ImageFitness.Evaluate(candidates, seeds, settings, images, labels, kind);
        Assert.Equal(candidates.Length, fitness.Length);
        for (int c = 0; c < candidates.Length; c++)
        {
            var alone = ImageFitness.TrainedAccuracy(candidates[c], seeds, settings with { MaxMembersPerBatch = 1 }, images, labels);
            double expected = alone.Average(s => s.Fitness(kind));
            Assert.Equal(expected, fitness[c], 4);
        }
        var perInit = ImageFitness.Scores(candidates, seeds, settings, images, labels);
        Assert.NotEqual(perInit[0].Loss, perInit[1].Loss); // the two inits really differ
    }

    [Fact]
    public void Several_images_per_class_are_labelled_class_major()
    {
        // Class c's images have a bright band at rows 2c..2c+1 (copy i dimmed a little); a network trained on the
        // candidate classifies it perfectly only if image j is labelled j / ipc.
        const int ipc = 3;
        var images = new float[10 * ipc * Pixels];
        for (int j = 0; j < 10 * ipc; j++)
            for (int p = 2 * (j / ipc) * 28; p < (2 * (j / ipc) + 2) * 28; p++) images[j * Pixels + p] = 1f - 0.1f * (j % ipc);
        using var evalImages = torch.tensor(images, [10 * ipc, 1, 28, 28]);
        using var classMajor = torch.arange(10 * ipc, ScalarType.Int64).div_(ipc, rounding_mode: RoundingMode.floor);
        using var interleaved = torch.arange(10 * ipc, ScalarType.Int64).remainder(10);
        var settings = new ImageInnerLoop(Steps: 150, Loss: LossScale.PerExample);
        var right = ImageFitness.TrainedAccuracy(images, [1UL], settings, evalImages, classMajor);
        var wrong = ImageFitness.TrainedAccuracy(images, [1UL], settings, evalImages, interleaved);
        Assert.Equal(1.0, right[0].Accuracy);
        Assert.True(wrong[0].Accuracy < 0.5, $"interleaved labels scored {wrong[0].Accuracy}");
    }

    [Fact]
    public void A_candidate_of_the_wrong_length_is_a_user_error()
    {
        var (images, labels) = Eval(5);
        using var _i = images; using var _l = labels;
        var e = Assert.Throws<HadesUserException>(() =>
            ImageFitness.Evaluate([new float[100]], [1UL], new ImageInnerLoop(Steps: 1), images, labels, FitnessKind.Accuracy));
        Assert.Contains("not a multiple of 10 classes", e.Message);
    }
}
