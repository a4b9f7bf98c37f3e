using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Vision;

/// <summary>
/// A set of greyscale images with integer class labels: <see cref="Images"/> float32 [N, 1, side, side] with
/// pixels in [0, 1], <see cref="Labels"/> int64 [N]. Owns its tensors (slices own new views of the same storage).
/// </summary>
public sealed class LabelledImages : IDisposable
{
    public Tensor Images { get; }
    public Tensor Labels { get; }
    public int Count => (int)Images.shape[0];
    public int Side => (int)Images.shape[2];
    public int Pixels => Side * Side;

    public LabelledImages(Tensor images, Tensor labels)
    {
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[2] != images.shape[3])
            throw new ArgumentException($"images must be [N, 1, side, side], got [{string.Join(", ", images.shape)}]");
        if (labels.dim() != 1 || labels.shape[0] != images.shape[0])
            throw new ArgumentException($"labels must be [{images.shape[0]}], got [{string.Join(", ", labels.shape)}]");
        if (images.dtype != ScalarType.Float32) throw new ArgumentException("images must be float32");
        if (labels.dtype != ScalarType.Int64) throw new ArgumentException("labels must be int64");
        Images = images; Labels = labels;
    }

    /// <summary>Builds a set from raw IDX bytes: pixels ÷ 255, labels widened to int64.</summary>
    public static LabelledImages FromBytes(byte[] pixels, byte[] labels, int side)
    {
        int n = labels.Length;
        if (pixels.Length != (long)n * side * side)
            throw new ArgumentException($"{pixels.Length} pixel bytes for {n} images of {side}×{side}");
        using var raw = torch.tensor(pixels, [n, 1, side, side], ScalarType.Byte);
        var images = raw.to(ScalarType.Float32).div_(255f);
        var labelTensor = torch.tensor(labels.Select(b => (long)b).ToArray(), [n]);
        return new LabelledImages(images, labelTensor);
    }

    /// <summary>Items <c>[start, start + count)</c> as views of the same storage.</summary>
    public LabelledImages Slice(int start, int count)
    {
        if (start < 0 || count <= 0 || start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"slice [{start}, {start + count}) of {Count} items");
        return new LabelledImages(Images.narrow(0, start, count), Labels.narrow(0, start, count));
    }

    /// <summary>Number of items of each class 0..classes-1.</summary>
    public long[] ClassCounts(int classes)
    {
        using var counts = Labels.bincount(null, classes);
        return counts.data<long>().ToArray();
    }

    public void Dispose() { Images.Dispose(); Labels.Dispose(); }
}
