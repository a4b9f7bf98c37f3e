using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Hades.Actors.Telemetry;

namespace Hades.Host.Bench;

/// <summary>
/// Where the campaign row's time goes (issue 16): each worker's busy seconds (the sum of its evaluators' unit
/// durations, scraped from its <c>--metrics-port</c> endpoint at the campaign's end) over the measured wall time, and
/// what the campaign process spent per generation on journal writes, output writes and the generations themselves
/// (read from the "Hades" meter in this process with a <see cref="MeterListener"/>, as an exporter would).
/// </summary>
public sealed class CampaignLoad : IDisposable
{
    readonly MeterListener listener = new();
    readonly ConcurrentDictionary<string, (double Sum, long Count)> totals = new();

    public CampaignLoad()
    {
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == HadesMetrics.MeterName) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            totals.AddOrUpdate(instrument.Name, (value, 1), (_, old) => (old.Sum + value, old.Count + 1)));
        listener.Start();
    }

    /// <summary>Sum and count of one duration histogram recorded in this process since this object was made.</summary>
    public (double Sum, long Count) Total(string instrument) => totals.GetValueOrDefault(instrument);

    /// <summary>The campaign process's per-generation costs, as one line.</summary>
    public string Describe()
    {
        var (journal, journals) = Total("hades.journal.write.duration");
        var (outputs, writes) = Total("hades.outputs.write.duration");
        var (generations, count) = Total("hades.generation.duration");
        return string.Create(CultureInfo.InvariantCulture,
            $"campaign process: {count} generations, {generations:0.00} s inside generations ({(count > 0 ? generations / count : 0):0.000} s each), journal {journal:0.00} s over {journals} writes, outputs {outputs:0.00} s over {writes} writes");
    }

    /// <summary>Busy seconds of one worker: the sum of <c>hades_evaluator_unit_duration_seconds_sum</c> over its series,
    /// or null when its endpoint cannot be read.</summary>
    public static async Task<double?> WorkerBusySeconds(int metricsPort, CancellationToken cancel)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            string text = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics", cancel);
            return BusySecondsIn(text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
    }

    /// <summary>The sum of every <c>hades_evaluator_unit_duration_seconds_sum</c> sample in a Prometheus text scrape.</summary>
    public static double BusySecondsIn(string scrape) => Telemetry.PrometheusScrape.Sum(scrape, "hades_evaluator_unit_duration_seconds_sum");

    public void Dispose() => listener.Dispose();
}
