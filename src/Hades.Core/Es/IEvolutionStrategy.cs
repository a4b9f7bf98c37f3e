namespace Hades.Core.Es;

/// <summary>
/// An evolution strategy as the population sees it: a start state, candidate <c>i</c> of the state's
/// generation (rebuilt from the run seed, the generation and <c>i</c> alone, so workers need only the state),
/// and the update from one generation's fitness (higher is better).
/// </summary>
public interface IEvolutionStrategy
{
    int PopulationSize { get; }

    EsState Initial(float[] mean);

    void Candidate(EsState state, int index, Span<float> candidate);

    EsState Tell(EsState state, ReadOnlySpan<float> fitness);
}
