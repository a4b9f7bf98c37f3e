using Hades.Core.Runs;
using Hades.Core.Es;

namespace Hades.Actors.Persistence;

/// <summary>Snapshot of a population: the ES state, the metrics history and the best result so far.</summary>
public sealed record PopulationSnapshot(EsState Es, GenerationRecord[] History) : IHadesPersisted
{
    public Core.BehaviourDistillation.BestResult? Best { get; init; }
}
