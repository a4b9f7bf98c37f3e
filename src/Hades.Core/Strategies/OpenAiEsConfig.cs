namespace Hades.Core.Strategies;

/// <summary>
/// OpenAI-ES as HaDES ran it (evosax ≤ 0.1.4 OpenES): antithetic pairs, fixed σ, Adam on the mean with
/// β1 = 0.99, β2 = 0.999, ε = 1e-8, and raw fitness unless <see cref="Shaping"/> says otherwise.
/// </summary>
public sealed record OpenAiEsConfig(
    int PopulationSize,
    double Sigma = 0.03,
    double LearningRate = 0.05,
    double Beta1 = 0.99,
    double Beta2 = 0.999,
    double Epsilon = 1e-8,
    FitnessShaping Shaping = FitnessShaping.Raw)
{
    public void Validate()
    {
        if (PopulationSize < 2 || PopulationSize % 2 != 0)
            throw new HadesUserException($"population size must be an even number ≥ 2 (got {PopulationSize})");
        if (!(Sigma > 0)) throw new HadesUserException($"sigma must be > 0 (got {Sigma})");
        if (!(LearningRate > 0)) throw new HadesUserException($"learning rate must be > 0 (got {LearningRate})");
    }
}
