using Hades.Core.Policies;

namespace Hades.Core.Training;

/// <summary>
/// Supervised training of a fresh policy on a synthetic dataset: full-batch Adam steps on cross-entropy
/// (discrete actions) or Gaussian negative log-likelihood (continuous actions). <paramref name="GradClip"/> &gt; 0
/// clips each member's global gradient norm (optax <c>clip_by_global_norm</c>); 0 turns clipping off.
/// </summary>
public sealed record InnerLoopSettings(
    IReadOnlyList<int> Hidden,
    Activation Activation,
    int Steps,
    double LearningRate,
    double AdamEpsilon = 1e-5,
    double GradClip = 0,
    PolicyInitKind Init = PolicyInitKind.Normal);
