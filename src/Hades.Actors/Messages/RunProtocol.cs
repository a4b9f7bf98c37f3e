using Hades.Core.Runs;

namespace Hades.Actors.Messages;

/// <summary>Published on the event stream after each generation is journalled (drives the progress display).</summary>
public sealed record GenerationReported(string RunId, GenerationRecord Record, int TotalGenerations, int StaleDropped, int DuplicatesDropped);

/// <summary>Published when the population has applied its last generation.</summary>
public sealed record RunFinished(string RunId, int Generations);

/// <summary>Published when the run cannot go on (e.g. evaluation keeps failing); the journal keeps what was done.</summary>
public sealed record RunFailed(string RunId, string Reason);

/// <summary>Published when the journal cannot be reached; the population restarts with back-off and carries on.</summary>
public sealed record JournalUnavailable(string RunId, string Reason);

/// <summary>Asks the population for its current state (answered with <see cref="PopulationStatus"/>).</summary>
public sealed record GetPopulationStatus
{
    public static readonly GetPopulationStatus Instance = new();
}

public sealed record PopulationStatus(int Generation, bool Finished, int StaleDropped, int DuplicatesDropped, float[] Mean);
