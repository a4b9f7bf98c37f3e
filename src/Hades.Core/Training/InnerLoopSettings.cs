using Hades.Core.Policies;

namespace Hades.Core.Training;

/// <summary>Supervised training of a fresh policy on a synthetic dataset: full-batch Adam steps on cross-entropy.</summary>
public sealed record InnerLoopSettings(
    IReadOnlyList<int> Hidden,
    Activation Activation,
    int Steps,
    double LearningRate,
    double AdamEpsilon = 1e-5);
