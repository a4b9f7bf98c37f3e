using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.Baselines.Ppo;

/// <summary>The loss terms of PPO (Schulman et al. 2017, eq. 7 and 9).</summary>
public static class PpoLoss
{
    /// <summary>
    /// Clipped surrogate to minimise: −mean(min(r·A, clip(r, 1 − ε, 1 + ε)·A)) with r = exp(newLogProb − oldLogProb).
    /// </summary>
    public static Tensor ClippedSurrogate(Tensor newLogProb, Tensor oldLogProb, Tensor advantages, double clipRange)
    {
        using var scope = torch.NewDisposeScope();
        using var bounds = new KeptScalars(1 - clipRange, 1 + clipRange);
        var ratio = (newLogProb - oldLogProb).exp();
        var unclipped = ratio * advantages;
        var clipped = ratio.clamp(bounds[0], bounds[1]) * advantages;
        return (-torch.minimum(unclipped, clipped).mean()).MoveToOuterDisposeScope();
    }

    /// <summary>0.5·mean((V − R)²) (unclipped value loss).</summary>
    public static Tensor Value(Tensor values, Tensor returns)
    {
        using var scope = torch.NewDisposeScope();
        using var half = new KeptScalars(0.5);
        var d = values - returns;
        return (half[0] * (d * d).mean()).MoveToOuterDisposeScope();
    }

    /// <summary>(A − mean A)/(std A + 1e-8) over the minibatch (unbiased std, as torch's default).</summary>
    public static Tensor NormaliseAdvantages(Tensor advantages)
    {
        using var scope = torch.NewDisposeScope();
        using var tiny = new KeptScalars(1e-8);
        var std = advantages.numel() > 1 ? advantages.std() : torch.ones_like(advantages.mean());
        return ((advantages - advantages.mean()) / (std + tiny[0])).MoveToOuterDisposeScope();
    }
}
