namespace Hades.Core.Es;

/// <summary>
/// OpenAI-ES as HaDES ran it (evosax ≤ 0.1.4 OpenES): antithetic pairs, fixed σ, Adam on the mean with
/// β1 = 0.99, β2 = 0.999, ε = 1e-8, and raw fitness unless <see cref="Shaping"/> says otherwise.
/// σ and the learning rate decay geometrically per generation down to their limits, as evosax's
/// <c>sigma_decay</c>/<c>sigma_limit</c> and <c>lrate_decay</c>/<c>lrate_limit</c> (HaDES: no decay for RL;
/// 0.999 for Fashion-MNIST).
/// </summary>
public sealed record OpenAiEsConfig(
    int PopulationSize,
    double Sigma = 0.03,
    double LearningRate = 0.05,
    double Beta1 = 0.99,
    double Beta2 = 0.999,
    double Epsilon = 1e-8,
    FitnessShaping Shaping = FitnessShaping.Raw,
    double SigmaDecay = 1.0,
    double SigmaLimit = 0.0,
    double LearningRateDecay = 1.0,
    double LearningRateLimit = 0.0)
{
    /// <summary>σ used by generation <paramref name="generation"/>: max(σ₀·decay^g, limit).</summary>
    public double SigmaAt(int generation) => Math.Max(Sigma * Math.Pow(SigmaDecay, generation), SigmaLimit);

    /// <summary>Learning rate of the update after generation <paramref name="generation"/>: max(lr₀·decay^g, limit).</summary>
    public double LearningRateAt(int generation) => Math.Max(LearningRate * Math.Pow(LearningRateDecay, generation), LearningRateLimit);

    public void Validate()
    {
        if (PopulationSize < 2 || PopulationSize % 2 != 0)
            throw new HadesUserException($"population size must be an even number ≥ 2 (got {PopulationSize})");
        if (!(Sigma > 0)) throw new HadesUserException($"sigma must be > 0 (got {Sigma})");
        if (!(LearningRate > 0)) throw new HadesUserException($"learning rate must be > 0 (got {LearningRate})");
        if (!(SigmaDecay > 0 && SigmaDecay <= 1)) throw new HadesUserException($"sigma-decay must be in (0, 1] (got {SigmaDecay})");
        if (!(LearningRateDecay > 0 && LearningRateDecay <= 1)) throw new HadesUserException($"lr-decay must be in (0, 1] (got {LearningRateDecay})");
        if (!(SigmaLimit >= 0) || !(LearningRateLimit >= 0)) throw new HadesUserException("sigma and learning-rate limits must be ≥ 0");
    }
}
