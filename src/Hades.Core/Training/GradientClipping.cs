using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.Training;

/// <summary>
/// Global-norm clipping for batched parameters (dim 0 = member): every member's gradients are scaled by
/// min(1, maxNorm / ‖g_member‖), exactly as if each member were clipped alone (optax <c>clip_by_global_norm</c>).
/// </summary>
public static class GradientClipping
{
    public static void ClipPerMember(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor? squared = null;
        foreach (var p in parameters)
        {
            if (p.grad is null) continue;
            var perMember = p.grad.pow(2).reshape(p.grad.shape[0], -1).sum(1);
            squared = squared is null ? perMember : squared + perMember;
        }
        if (squared is null) return;
        using var k = new KeptScalars(maxNorm, 1e-12, 1.0);
        var scale = (k[0] / (squared.sqrt() + k[1])).clamp_max(k[2]);
        foreach (var p in parameters)
        {
            if (p.grad is null) continue;
            var shape = new long[p.grad.dim()];
            Array.Fill(shape, 1L);
            shape[0] = p.grad.shape[0];
            p.grad.mul_(scale.reshape(shape));
        }
    }
}
