using System.Runtime.InteropServices;
using Hades.Core.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Images;

/// <summary>The exemplar buffer as host arrays: byte images [N, 1, 32, 32] and labels [N].</summary>
public sealed class ExemplarBuffer(byte[] pixels, long[] labels) : IDisposable
{
    const int Size = ImageData.Side * ImageData.Side;
    public byte[] Pixels { get; private set; } = pixels;
    public long[] Labels { get; private set; } = labels;
    public int Count => Labels.Length;
    Tensor? tensor;

    /// <summary>Appends exemplars; a class at its cap replaces random earlier exemplars of the same class.</summary>
    public void Add(byte[] newPixels, long[] newLabels, int perClassCap, ulong key)
    {
        var pixelList = new List<byte>(Pixels);
        var labelList = new List<long>(Labels);
        ulong counter = 0;
        foreach (var group in newLabels.Select((label, i) => (label, i)).GroupBy(e => e.label))
        {
            var slots = Enumerable.Range(0, labelList.Count).Where(j => labelList[j] == group.Key).ToList();
            var replaceable = new List<int>(slots);
            foreach (var (label, i) in group)
            {
                var image = newPixels.AsSpan(i * Size, Size);
                if (slots.Count < perClassCap)
                {
                    slots.Add(labelList.Count);
                    labelList.Add(label);
                    pixelList.AddRange(image.ToArray());
                }
                else if (replaceable.Count > 0)
                {
                    // replace a random exemplar from before this harvest (each at most once per harvest)
                    int pick = (int)(CounterRng.Uniform(key, counter++) * replaceable.Count);
                    int slot = replaceable[pick];
                    replaceable.RemoveAt(pick);
                    for (int q = 0; q < Size; q++) pixelList[slot * Size + q] = image[q];
                }
            }
        }
        Pixels = pixelList.ToArray();
        Labels = labelList.ToArray();
        tensor?.Dispose();
        tensor = null;
    }

    /// <summary>n random exemplars as normalised images.</summary>
    public Tensor Sample(int n, Generator rng)
    {
        if (tensor is null)
        {
            tensor = torch.empty([Count, 1, ImageData.Side, ImageData.Side], dtype: ScalarType.Byte).DetachFromDisposeScope();
            Pixels.CopyTo(MemoryMarshal.Cast<byte, byte>(tensor.bytes));
        }
        using var index = torch.randint(Count, [n], dtype: ScalarType.Int64, generator: rng);
        using var picked = tensor.index_select(0, index);
        return ImageData.Dequantise(picked);
    }

    public void Dispose() => tensor?.Dispose();
}
