using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Baselines.Ppo;

/// <summary>
/// Copies between float arrays and CPU tensors. <see cref="FromArray"/> copies into memory torch allocates (64-byte
/// aligned) instead of wrapping the managed array as <c>torch.tensor(float[])</c> does: BLAS kernels may round
/// differently for differently aligned inputs, and a managed array's alignment changes from run to run, which would
/// break bit-exact determinism (and in-place updates would write through to the caller's array).
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
}
