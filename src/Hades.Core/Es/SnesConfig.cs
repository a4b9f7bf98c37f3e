namespace Hades.Core.Es;

/// <summary>
/// Separable NES as HaDES ran it on MinAtar (evosax ≤ 0.1.4 <c>SNES</c> with <c>temperature=20</c>):
/// σ starts at <see cref="SigmaInit"/> in every dimension, the mean moves with <see cref="LearningRateMean"/>
/// and σ with <see cref="LearningRateSigma"/> (default (3 + ln d)/(5√d)).
/// </summary>
public sealed record SnesConfig(
    int PopulationSize,
    double SigmaInit = 0.5,
    double Temperature = 20.0,
    double LearningRateMean = 1.0,
    double? LearningRateSigma = null)
{
    public double SigmaLearningRate(int dimension) =>
        LearningRateSigma ?? (3 + Math.Log(dimension)) / (5 * Math.Sqrt(dimension));

    public void Validate()
    {
        if (PopulationSize < 2) throw new HadesUserException($"population size must be ≥ 2 (got {PopulationSize})");
        if (!(SigmaInit > 0)) throw new HadesUserException($"sigma must be > 0 (got {SigmaInit})");
        if (!(Temperature > 0)) throw new HadesUserException($"temperature must be > 0 (got {Temperature})");
        if (!(LearningRateMean > 0)) throw new HadesUserException($"learning rate must be > 0 (got {LearningRateMean})");
    }
}
