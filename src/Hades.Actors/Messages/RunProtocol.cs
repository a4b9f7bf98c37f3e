using Hades.Core.Runs;

namespace Hades.Actors.Messages;

/// <summary>Published on the event stream after each generation is journalled (drives the progress display).</summary>
public sealed record GenerationReported(string RunId, GenerationRecord Record, int TotalGenerations, int StaleDropped, int DuplicatesDropped);

/// <summary>Published when the population has applied its last generation.</summary>
public sealed record RunFinished(string RunId, int Generations);

/// <summary>Published when the run cannot go on (e.g. evaluation keeps failing); the journal keeps what was done.</summary>
public sealed record RunFailed(string RunId, string Reason);

/// <summary>Published while a generation waits on evaluators that all say nothing (work pulling): none of
/// <paramref name="Evaluators"/> has answered for <paramref name="Silence"/>; past <paramref name="Limit"/> the
/// generation fails (<see cref="RunFailed"/>). Published once per ask timeout of silence.</summary>
public sealed record EvaluatorsSilent(string RunId, int Generation, TimeSpan Silence, TimeSpan Limit, IReadOnlyList<string> Evaluators)
{
    /// <summary>The one line a console or log shows: "generation 3 waiting: no evaluator has answered for 40 s (...)".</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"generation {Generation} waiting: no evaluator has answered for {Silence.TotalSeconds:0} s ({Evaluators.Count} silent; the generation fails at {Limit.TotalSeconds:0} s)");
}

/// <summary>Published when the journal cannot be reached; the population restarts with back-off and carries on.</summary>
public sealed record JournalUnavailable(string RunId, string Reason);

/// <summary>Asks the population for its current state (answered with <see cref="PopulationStatus"/>).</summary>
public sealed record GetPopulationStatus
{
    public static readonly GetPopulationStatus Instance = new();
}

public sealed record PopulationStatus(int Generation, bool Finished, int StaleDropped, int DuplicatesDropped, float[] Mean);
