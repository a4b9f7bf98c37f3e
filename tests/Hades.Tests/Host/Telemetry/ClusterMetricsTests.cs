using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Hades.Actors.Telemetry;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Host.Hosting;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Telemetry;

/// <summary>
/// The work-pulling side of the "Hades" meter on a loopback cluster (a seed and two workers with simulated
/// evaluators): while the run goes on, the seed's gauges show the workers' evaluators, units in flight and the
/// queue; the counters add up to the run's generations and candidates. Read with a <see cref="MeterListener"/>,
/// as any exporter reads them.
/// </summary>
[Collection("cluster")]
public sealed class ClusterMetricsTests : IDisposable
{
    readonly TempDir dir = new();

    [Fact]
    public async Task The_seeds_gauges_and_counters_follow_a_work_pulling_run()
    {
        var config = new HadesConfig
        {
            Generations = 4, PopulationSize = 32, DatasetSize = 2, Hidden = [4], InnerSteps = 1, Episodes = 1,
            EvalPolicies = 1, BatchSize = 4, MaxBatchesInFlight = 2,
        };
        var run = new RunDirectory(dir.Sub("run"));
        run.CreateOrMatch(config);
        string id = run.PersistenceId;
        var maxima = new ConcurrentDictionary<string, double>();
        var sums = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == HadesMetrics.MeterName) l.EnableMeasurementEvents(instrument); };
        void Seen(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
                if (tag.Key == "run" && Equals(tag.Value, id))
                {
                    maxima.AddOrUpdate(instrument.Name, value, (_, old) => Math.Max(old, value));
                    sums.AddOrUpdate(instrument.Name, value, (_, old) => old + value);
                }
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Seen(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Seen(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Seen(i, v, t));
        listener.Start();

        await using var seed = SeedNode.Start(new HadesProblem(config), run, _ => { }, "127.0.0.1", FreePort.Next(),
            localEvaluator: false, askTimeout: TimeSpan.FromSeconds(60), minEvaluators: 2);
        await using var first = WorkerNode.Start(seed.Address, simulatedCost: TimeSpan.FromMilliseconds(40));
        await using var second = WorkerNode.Start(seed.Address, simulatedCost: TimeSpan.FromMilliseconds(40));
        while (!seed.Outcome.IsCompleted)
        {
            listener.RecordObservableInstruments(); // what a scrape does
            await Task.WhenAny(seed.Outcome, Task.Delay(10));
        }
        Assert.IsType<RunOutcome.Finished>(await seed.Outcome);

        Assert.Equal(config.Generations, sums.GetValueOrDefault("hades.generations"));
        // every candidate once, plus the speculative duplicates of long-running units (4 candidates each, 0 for the mean)
        double candidates = sums.GetValueOrDefault("hades.evaluator.candidates"), speculative = sums.GetValueOrDefault("hades.work.units.speculative");
        Assert.InRange(candidates, config.Generations * config.PopulationSize, config.Generations * config.PopulationSize + 4 * speculative);
        Assert.Equal(2, maxima.GetValueOrDefault("hades.work.evaluators"));
        // 2 evaluators × in-flight bound 2; 8 units of 4 candidates and the mean per generation
        Assert.InRange(maxima.GetValueOrDefault("hades.work.in_flight"), 1, 4);
        Assert.InRange(maxima.GetValueOrDefault("hades.work.queue.depth"), 1, 9);
        Assert.False(sums.ContainsKey("hades.work.units.reissued"), "a unit was re-issued in a run without faults");
    }

    public void Dispose() => dir.Dispose();
}
