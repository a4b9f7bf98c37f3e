using Hades.Core;
using Hades.Core.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Tests.Core.Vision;

public class SyntheticImageInitTests
{
    const int Side = 2, Pixels = 4;

    /// <summary>3 classes × 6 images of 2×2 pixels; the k-th image of a class has every pixel = 2^k / 64 and
    /// pixel 0 additionally offset by the class, so any subset mean identifies exactly which images it averaged.</summary>
    static LabelledImages Fake()
    {
        var pixels = new List<float>(); var labels = new List<long>();
        for (int k = 0; k < 6; k++)           // interleave classes so class members are not contiguous
            for (int c = 0; c < 3; c++)
            {
                for (int p = 0; p < Pixels; p++) pixels.Add((1 << k) / 64f + (p == 0 ? c : 0));
                labels.Add(c);
            }
        return new LabelledImages(torch.tensor(pixels.ToArray(), [18, 1, Side, Side]), torch.tensor(labels.ToArray()));
    }

    /// <summary>Which of the class's images (bitmask over k) a subset mean of <paramref name="size"/> images averaged.</summary>
    static int Members(float meanPixel1, int size) => (int)Math.Round(meanPixel1 * size * 64);

    [Fact]
    public void One_image_per_class_is_the_class_mean()
    {
        using var data = Fake();
        var means = SyntheticImageInit.ClassMeans(data, 3, 1, seed: 5);
        Assert.Equal(3 * Pixels, means.Length);
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(63 / 64f / 6 + c, means[c * Pixels], 5);
            for (int p = 1; p < Pixels; p++) Assert.Equal(63 / 64f / 6, means[c * Pixels + p], 5);
        }
    }

    [Fact]
    public void Several_images_per_class_are_means_of_disjoint_subsets_covering_the_class()
    {
        using var data = Fake();
        var a = SyntheticImageInit.ClassMeans(data, 3, 2, seed: 5);
        for (int c = 0; c < 3; c++)
        {
            int first = Members(a[(c * 2) * Pixels + 1], 3), second = Members(a[(c * 2 + 1) * Pixels + 1], 3);
            Assert.Equal(3, int.PopCount(first));
            Assert.Equal(3, int.PopCount(second));
            Assert.Equal(0, first & second);
            Assert.Equal(63, first | second);
            Assert.Equal(c, a[(c * 2) * Pixels] - a[(c * 2) * Pixels + 1], 4); // class-major order
        }
        Assert.Equal(a, SyntheticImageInit.ClassMeans(data, 3, 2, seed: 5));
        // Unequal split: 6 images into 4 subsets of sizes 2, 2, 1, 1.
        var b = SyntheticImageInit.ClassMeans(data, 3, 4, seed: 5);
        int[] sizes = [2, 2, 1, 1];
        int union = 0;
        for (int i = 0; i < 4; i++)
        {
            int m = Members(b[i * Pixels + 1], sizes[i]);
            Assert.Equal(sizes[i], int.PopCount(m));
            Assert.Equal(0, union & m);
            union |= m;
        }
        Assert.Equal(63, union);
    }

    [Fact]
    public void Random_real_images_are_distinct_members_of_their_class_and_depend_on_the_seed()
    {
        using var data = Fake();
        var draws = Enumerable.Range(0, 8).Select(s => SyntheticImageInit.RandomReal(data, 3, 2, (ulong)s)).ToList();
        foreach (var r in draws)
            for (int c = 0; c < 3; c++)
            {
                int i0 = Members(r[(c * 2) * Pixels + 1], 1), i1 = Members(r[(c * 2 + 1) * Pixels + 1], 1);
                Assert.Equal(1, int.PopCount(i0));
                Assert.Equal(1, int.PopCount(i1));
                Assert.NotEqual(i0, i1);
                Assert.Equal(c, r[(c * 2) * Pixels] - r[(c * 2) * Pixels + 1], 4);
            }
        Assert.Equal(draws[3], SyntheticImageInit.RandomReal(data, 3, 2, 3));
        Assert.True(draws.Select(d => string.Join(",", d)).Distinct().Count() > 1, "the seed changes the draw");
    }

    [Fact]
    public void Asking_for_more_images_than_a_class_has_is_a_user_error()
    {
        using var data = Fake();
        var e = Assert.Throws<HadesUserException>(() => SyntheticImageInit.RandomReal(data, 3, 7, 0));
        Assert.Contains("class 0 has 6 images, fewer than the 7", e.Message);
    }
}
