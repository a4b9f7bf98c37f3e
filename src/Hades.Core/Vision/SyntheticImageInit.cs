using System.Runtime.InteropServices;
using Hades.Core.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Vision;

/// <summary>
/// Starting points for a synthetic image set: <c>classes × imagesPerClass</c> images of <c>side²</c> pixels,
/// flattened in class-major order (image i of class c starts at <c>(c·imagesPerClass + i)·side²</c>), the layout
/// <see cref="ImageFitness"/> expects (label of image j = j / imagesPerClass).
/// </summary>
public static class SyntheticImageInit
{
    /// <summary>
    /// Class-mean images. With one image per class this is the paper's <c>init_mode="mean"</c> (the mean of all
    /// images of the class). With k &gt; 1 images per class the paper repeats the same mean k times; here instead the
    /// class is shuffled (seeded) and cut into k disjoint near-equal subsets, and image i is the mean of subset i,
    /// so the k starting images differ (each is still a smooth prototype of the class).
    /// </summary>
    public static float[] ClassMeans(LabelledImages source, int classes, int imagesPerClass, ulong seed)
    {
        Check(classes, imagesPerClass);
        var result = new float[classes * imagesPerClass * source.Pixels];
        for (int c = 0; c < classes; c++)
        {
            var members = Shuffled(source, c, imagesPerClass, seed);
            int start = 0;
            for (int i = 0; i < imagesPerClass; i++)
            {
                // Subset sizes differ by at most one: the first (n mod k) subsets get one extra.
                int size = members.Length / imagesPerClass + (i < members.Length % imagesPerClass ? 1 : 0);
                using var scope = torch.NewDisposeScope();
                var index = torch.tensor(members[start..(start + size)]);
                var mean = source.Images.index_select(0, index).mean([0]).contiguous();
                Copy(mean, result, (c * imagesPerClass + i) * source.Pixels);
                start += size;
            }
        }
        return result;
    }

    /// <summary>Distinct real images drawn at random (seeded) from each class: the paper's <c>init_mode="sample"</c>.</summary>
    public static float[] RandomReal(LabelledImages source, int classes, int imagesPerClass, ulong seed)
    {
        Check(classes, imagesPerClass);
        var result = new float[classes * imagesPerClass * source.Pixels];
        for (int c = 0; c < classes; c++)
        {
            var members = Shuffled(source, c, imagesPerClass, seed);
            using var scope = torch.NewDisposeScope();
            var picked = source.Images.index_select(0, torch.tensor(members[..imagesPerClass])).contiguous();
            Copy(picked, result, c * imagesPerClass * source.Pixels);
        }
        return result;
    }

    /// <summary>Indices of class <paramref name="c"/> in a seeded random order (Fisher–Yates on counter-based draws).</summary>
    static long[] Shuffled(LabelledImages source, int c, int imagesPerClass, ulong seed)
    {
        long[] members;
        using (var mask = source.Labels.eq(c))
        using (var nonzero = mask.nonzero())
        using (var flat = nonzero.flatten())
            members = flat.data<long>().ToArray();
        if (members.Length < imagesPerClass)
            throw new HadesUserException($"class {c} has {members.Length} images, fewer than the {imagesPerClass} images per class asked for");
        ulong key = CounterRng.Key(seed, (ulong)c);
        for (int i = members.Length - 1; i > 0; i--)
        {
            int j = (int)(CounterRng.Uniform(key, (ulong)i) * (i + 1));
            (members[i], members[j]) = (members[j], members[i]);
        }
        return members;
    }

    static void Check(int classes, int imagesPerClass)
    {
        if (classes <= 0) throw new ArgumentOutOfRangeException(nameof(classes));
        if (imagesPerClass <= 0) throw new HadesUserException($"images per class must be positive, got {imagesPerClass}");
    }

    static void Copy(Tensor t, float[] destination, int offset)
    {
        var floats = MemoryMarshal.Cast<byte, float>(t.bytes);
        floats.CopyTo(destination.AsSpan(offset, floats.Length));
    }
}
