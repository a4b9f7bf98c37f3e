using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Vision.Architectures;

/// <summary>
/// Deterministic initialisation shared by the generalisation architectures: flax's defaults, the family the paper's
/// networks use (kernels lecun_normal = truncated normal with variance 1/fan_in; biases 0). Parameters are drawn in
/// registration order from one torch <see cref="Generator"/> seeded with the architecture seed.
/// </summary>
internal static class Init
{
    public static void LecunNormalZeroBias(nn.Module module, ulong seed)
    {
        using var g = new Generator(seed);
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in module.named_parameters())
        {
            if (name.EndsWith("bias")) { p.zero_(); continue; }
            long fanOut = p.shape[0], fanIn = p.numel() / fanOut; // [out, in, kh, kw] or [out, in]
            using var w = BatchedCnn.LecunNormal((int)fanIn, (int)fanOut, g); // [fanIn, fanOut]
            p.copy_(w.t().reshape(p.shape));
        }
    }
}
