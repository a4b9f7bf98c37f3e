using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Hades.Actors.Telemetry;

/// <summary>
/// The "Hades" meter (System.Diagnostics.Metrics only; an exporter, if any, is wired by the host): generation
/// time, evaluator throughput, the work-pulling queue and journal write latency. Every instrument carries the
/// run's persistence id as <c>run</c>, so one scrape can hold several runs (a campaign) and the runs of other
/// processes do not mix. Recording is a few additions; with no listener it costs next to nothing.
/// docs/metrics.md lists the exported names.
/// </summary>
public static class HadesMetrics
{
    public const string MeterName = "Hades";

    static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Bucket bounds (seconds) for durations from a journal write (ms) to a long generation (minutes).</summary>
    static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000];

    static readonly Counter<long> Generations = Meter.CreateCounter<long>("hades.generations", "{generation}",
        "Generations completed (journalled) by the population");
    static readonly Histogram<double> GenerationSeconds = Meter.CreateHistogram<double>("hades.generation.duration", "s",
        "Wall time of one generation, from its start to its complete fitness vector", advice: new() { HistogramBucketBoundaries = SecondsBuckets });
    static readonly Counter<long> Candidates = Meter.CreateCounter<long>("hades.evaluator.candidates", "{candidate}",
        "Candidates evaluated by this node's evaluators");
    static readonly Counter<long> EnvSteps = Meter.CreateCounter<long>("hades.evaluator.env_steps", "{step}",
        "Environment steps taken by this node's evaluators (scoring candidates)");
    static readonly Histogram<double> UnitSeconds = Meter.CreateHistogram<double>("hades.evaluator.unit.duration", "s",
        "Wall time an evaluator spent on one work unit", advice: new() { HistogramBucketBoundaries = SecondsBuckets });
    /// <summary>Instrument names that tests read back (Prometheus: dots become underscores, counters end in _total).</summary>
    public const string ReissuedName = "hades.work.units.reissued", SpeculativeName = "hades.work.units.speculative";

    static readonly Counter<long> Reissued = Meter.CreateCounter<long>(ReissuedName, "{unit}",
        "Work units queued again because their copy was lost (evaluator gone, failed or silent past --ask-timeout)");
    static readonly Counter<long> Speculative = Meter.CreateCounter<long>(SpeculativeName, "{unit}",
        "Speculative duplicates of long-running units sent to idle evaluators");
    static readonly Histogram<double> JournalSeconds = Meter.CreateHistogram<double>("hades.journal.write.duration", "s",
        "Latency of one journal write (Persist of a GenerationCompleted until its handler runs)", advice: new() { HistogramBucketBoundaries = SecondsBuckets });

    static readonly Histogram<double> OutputsSeconds = Meter.CreateHistogram<double>("hades.outputs.write.duration", "s",
        "Time the population spends rewriting the run dir after a generation (dataset, metrics, pictures, report)", advice: new() { HistogramBucketBoundaries = SecondsBuckets });

    static readonly ConcurrentDictionary<string, (int Queued, int InFlight, int Evaluators)> Work = new();

    static HadesMetrics()
    {
        Meter.CreateObservableGauge("hades.work.queue.depth", () => Observe(w => w.Queued), "{unit}",
            "Work units of the open generation waiting for an evaluator (work pulling)");
        Meter.CreateObservableGauge("hades.work.in_flight", () => Observe(w => w.InFlight), "{unit}",
            "Work-unit copies held by evaluators and not yet answered (work pulling)");
        Meter.CreateObservableGauge("hades.work.evaluators", () => Observe(w => w.Evaluators), "{evaluator}",
            "Evaluator actors that have asked the population for work and are not known to be lost");
    }

    static IEnumerable<Measurement<int>> Observe(Func<(int Queued, int InFlight, int Evaluators), int> pick) =>
        Work.Select(w => new Measurement<int>(pick(w.Value), new KeyValuePair<string, object?>("run", w.Key)));

    static KeyValuePair<string, object?> Run(string run) => new("run", run);

    public static void GenerationCompleted(string run, double seconds)
    {
        Generations.Add(1, Run(run));
        GenerationSeconds.Record(seconds, Run(run));
    }

    /// <param name="kind"><c>candidates</c> or <c>mean</c>.</param>
    public static void UnitEvaluated(string run, string kind, int candidates, long envSteps, double seconds)
    {
        var tags = new TagList { Run(run), { "kind", kind } };
        if (candidates > 0) Candidates.Add(candidates, Run(run));
        if (envSteps > 0) EnvSteps.Add(envSteps, Run(run));
        UnitSeconds.Record(seconds, tags);
    }

    /// <summary>The population's work-pulling ledger after a change (deltas of its running totals are added).</summary>
    public static void WorkState(string run, int queued, int inFlight, int evaluators, int reissuedDelta, int speculativeDelta)
    {
        Work[run] = (queued, inFlight, evaluators);
        if (reissuedDelta > 0) Reissued.Add(reissuedDelta, Run(run));
        if (speculativeDelta > 0) Speculative.Add(speculativeDelta, Run(run));
    }

    /// <summary>The run's population stopped: its gauges disappear from the scrape.</summary>
    public static void WorkEnded(string run) => Work.TryRemove(run, out _);

    public static void JournalWrite(string run, double seconds) => JournalSeconds.Record(seconds, Run(run));

    public static void OutputsWritten(string run, double seconds) => OutputsSeconds.Record(seconds, Run(run));
}
