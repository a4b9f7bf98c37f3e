namespace Hades.Actors.Population;

/// <summary>How the population drives its evaluators.</summary>
/// <param name="AskTimeout">Longest wait for one work item before it is re-issued (a lost worker's batches
/// come back this way when its node is not seen to leave).</param>
/// <param name="MaxEvaluatorErrors">Work-item errors raised by evaluators (not timeouts) tolerated per generation
/// before the run is declared failed: such errors are deterministic and retrying will not cure them.</param>
/// <param name="EvaluatorsAreRouter">The evaluator ref is a (cluster) router: work is pulled. The population
/// offers work through it (broadcast), each evaluator actor asks for at most its own in-flight bound (capped by
/// <c>max-in-flight</c>) and results come back directly; a unit silent for <paramref name="AskTimeout"/> is
/// presumed lost and queued again (at most a few times).</param>
/// <param name="RetryJournalFailures">Journal write or read failures are transient (a database server that
/// restarts): the population stops and its back-off supervisor restarts it, instead of failing the run.</param>
/// <param name="PicturesEvery">Least time between rewrites of the run's pictures and report.md (default
/// <see cref="Hades.Core.Runs.LiveRunOutputs.DefaultPicturesEvery"/>); the last generation always rewrites them.</param>
/// <param name="MinEvaluators">Behind a router: do not issue work until this many evaluator nodes have joined (checked
/// until it is first met; afterwards one is enough, so a lost worker does not stop the run).</param>
/// <param name="SilenceLimit">Behind a router: a generation fails when every evaluator that holds or could take its
/// units has said nothing for longer than this (a cluster whose processes all hang; <c>--silence-limit</c>); null:
/// <see cref="SilenceLimitFactorKey"/> (reference.conf: 10) × <paramref name="AskTimeout"/>.</param>
public sealed record PopulationSettings(TimeSpan AskTimeout, int MaxEvaluatorErrors = 3, bool EvaluatorsAreRouter = false,
    bool RetryJournalFailures = false, int MinEvaluators = 1, TimeSpan? PicturesEvery = null, TimeSpan? SilenceLimit = null)
{
    public static readonly PopulationSettings Default = new(TimeSpan.FromMinutes(10));

    /// <summary>The default silence limit in ask timeouts (Hades.Actors' reference.conf).</summary>
    public const string SilenceLimitFactorKey = "hades.work-pulling.silence-limit-factor";

    /// <summary>The silence limit in force: <see cref="SilenceLimit"/>, else the node's factor × the ask timeout.</summary>
    public TimeSpan SilenceLimitIn(Akka.Configuration.Config config) =>
        SilenceLimit ?? AskTimeout * config.GetDouble(SilenceLimitFactorKey, 10);
}
