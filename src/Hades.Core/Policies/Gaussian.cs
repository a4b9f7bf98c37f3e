using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.Policies;

/// <summary>
/// Diagonal Gaussian action distributions with a state-independent log standard deviation, as the paper's
/// continuous policies (<c>MultivariateNormalDiag(mean, exp(log_std))</c>).
/// </summary>
public static class Gaussian
{
    static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>log N(action | mean, exp(logStd)²) summed over the last (action) dimension.</summary>
    /// <param name="mean">[..., A]</param>
    /// <param name="logStd">broadcastable to mean, e.g. [P, 1, A]</param>
    /// <param name="action">same shape as mean</param>
    public static Tensor LogProb(Tensor mean, Tensor logStd, Tensor action)
    {
        using var scope = torch.NewDisposeScope();
        using var k = new KeptScalars(-0.5, HalfLogTwoPi);
        var z = (action - mean) / logStd.exp();
        return (k[0] * z * z - logStd - k[1]).sum(-1).MoveToOuterDisposeScope();
    }

    /// <summary>Negative log-likelihood of the labels, averaged over the <paramref name="pairs"/> axis (dim 1 of [P, D, A]) and summed over members: each member gets the gradient of its own mean NLL.</summary>
    public static Tensor SummedMeanNll(Tensor mean, Tensor logStd, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        using var pairs = new KeptScalars(mean.shape[1]);
        return (-LogProb(mean, logStd, labels).sum() / pairs[0]).MoveToOuterDisposeScope();
    }

    /// <summary>Samples mean + exp(logStd)·ε with ε drawn from <paramref name="generator"/>.</summary>
    public static Tensor Sample(Tensor mean, Tensor logStd, Generator? generator = null) =>
        mean + logStd.exp() * torch.randn(mean.shape, generator: generator, device: mean.device);

    /// <summary>Entropy of the distribution summed over actions (depends on logStd only).</summary>
    public static Tensor Entropy(Tensor logStd)
    {
        using var scope = torch.NewDisposeScope();
        using var k = new KeptScalars(0.5 + HalfLogTwoPi);
        return (logStd + k[0]).sum(-1).MoveToOuterDisposeScope();
    }
}
