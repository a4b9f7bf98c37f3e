using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Images;

/// <summary>Shift augmentation of a student batch: each eighth of the batch is rolled by its own random (dy, dx) in
/// [−s, s]², wrapping around; with s ≤ 2 only the black border padding adds wraps round.</summary>
public static class ImageShift
{
    const int Groups = 8;

    public static Tensor Apply(Tensor x, int maxShift, Generator rng)
    {
        if (maxShift == 0) return x;
        long n = x.shape[0];
        var shifts = torch.randint(-maxShift, maxShift + 1, [Groups, 2], dtype: ScalarType.Int64, generator: rng).data<long>().ToArray();
        var parts = new List<Tensor>();
        long size = (n + Groups - 1) / Groups;
        for (int g = 0; g * size < n; g++)
        {
            var part = x.narrow(0, g * size, Math.Min(size, n - g * size));
            parts.Add(part.roll([shifts[2 * g], shifts[2 * g + 1]], [2, 3]));
        }
        return torch.cat(parts, 0);
    }
}
