using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Baselines.Ppo;

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
        var norm = grad.norm();
        var coefficient = (maxGradNorm / (norm + 1e-6)).clamp_max(1.0);
        grad.mul_(coefficient);
        m.mul_(Beta1).add_(grad, alpha: 1 - Beta1);
        v.mul_(Beta2).addcmul_(grad, grad, value: 1 - Beta2);
        double correction1 = 1 - Math.Pow(Beta1, step);
        double correction2 = 1 - Math.Pow(Beta2, step);
        var denominator = (v.sqrt() / Math.Sqrt(correction2)).add_(epsilon);
        theta.addcdiv_(m, denominator, value: -learningRate / correction1);
        return norm.MoveToOuterDisposeScope();
    }
}
