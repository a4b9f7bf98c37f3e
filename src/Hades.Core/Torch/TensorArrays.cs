using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Torch;

/// <summary>
/// Copies between float arrays and CPU tensors. <see cref="FromArray"/> copies into a tensor from <c>torch.empty</c>
/// (torch's own 64-byte-aligned allocator). Observed: with <c>torch.tensor(float[])</c> instead, the same
/// <see cref="PpoTrainer.Iterate"/> input gave one of two slightly different results from call to call, which breaks
/// exact resumption; the likely cause is that TorchSharp's copy lands in memory of varying alignment and the BLAS
/// kernels round differently for differently aligned inputs.
/// </summary>
internal static class TensorArrays
{
    public static float[] ToArray(Tensor t)
    {
        using var c = t.detach().cpu().contiguous();
        return MemoryMarshal.Cast<byte, float>(c.bytes).ToArray();
    }

    public static Tensor FromArray(ReadOnlySpan<float> data, params long[] shape)
    {
        var t = torch.empty(shape, dtype: ScalarType.Float32);
        if (t.numel() != data.Length)
        {
            t.Dispose();
            throw new ArgumentException($"{data.Length} values do not fill a tensor of shape [{string.Join(", ", shape)}]");
        }
        data.CopyTo(MemoryMarshal.Cast<byte, float>(t.bytes));
        return t;
    }

    /// <summary>The index of the largest entry of each row of [N, C] logits (greedy actions, predicted classes).</summary>
    public static int[] Argmax(Tensor logits)
    {
        using var a = logits.argmax(1).to(ScalarType.Int32);
        return MemoryMarshal.Cast<byte, int>(a.contiguous().bytes).ToArray();
    }
}
