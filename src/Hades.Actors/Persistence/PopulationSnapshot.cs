using Hades.Core.Runs;
using Hades.Core.Es;

namespace Hades.Actors.Persistence;

/// <summary>Snapshot of a population: the ES state and the metrics history.</summary>
public sealed record PopulationSnapshot(EsState Es, GenerationRecord[] History) : IHadesPersisted;
