using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Torch;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, PyTorch's formulation) on one flat parameter vector, preceded by clipping the global
/// gradient norm to <c>maxGradNorm</c> (as <c>torch.nn.utils.clip_grad_norm_</c>). The moments live in tensors the
/// caller owns, so they can be saved as float arrays.
/// </summary>
internal static class FlatAdam
{
    const double Beta1 = 0.9, Beta2 = 0.999;

    /// <summary>Clips <paramref name="grad"/> in place and updates θ, m and v; <paramref name="step"/> is the 1-based
    /// update number. Returns the gradient norm before clipping.</summary>
    public static Tensor Step(Tensor theta, Tensor grad, Tensor m, Tensor v, long step, double learningRate,
        double epsilon, double maxGradNorm)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        double correction1 = 1 - Math.Pow(Beta1, step);
        double correction2 = 1 - Math.Pow(Beta2, step);
        // explicit Scalars held until the end: see KeptScalars
        using var s = new KeptScalars(1e-6, maxGradNorm, 1.0, Beta1, 1 - Beta1, Beta2, 1 - Beta2, Math.Sqrt(correction2), epsilon, -learningRate / correction1);
        var norm = grad.norm();
        var coefficient = (s[1] / (norm + s[0])).clamp_max(s[2]);
        grad.mul_(coefficient);
        m.mul_(s[3]).add_(grad, alpha: s[4]);
        v.mul_(s[5]).addcmul_(grad, grad, value: s[6]);
        var denominator = (v.sqrt() / s[7]).add_(s[8]);
        theta.addcdiv_(m, denominator, value: s[9]);
        return norm.MoveToOuterDisposeScope();
    }
}
