using System.Diagnostics;
using System.Globalization;
using Hades.Host.Hosting;
using Hades.Tests.Support;
using Xunit.Abstractions;

namespace Hades.Tests.Host.Hosting;

/// <summary>
/// Issue 16's acceptance: with `hades seed` and two `hades worker`s (loopback processes), a worker killed with
/// SIGKILL mid-run should cost at most one unit's time, and the final dataset equals the single-process one (checked).
/// The cost is measured from the run's own records and printed (a benchmark figure, not asserted): the affected generation's
/// seconds (metrics.csv, journalled) against the generations after it, which run on the survivor alone, and the
/// survivor's mean unit time (its own <c>hades_evaluator_unit_duration_seconds</c>, scraped from
/// <c>--metrics-port</c>). Machine noise is estimated by the spread of those later generations.
/// </summary>
[Collection("cluster")]
[Trait("Category", "slow")]
public sealed class WorkerKillCostTests(ITestOutputHelper output) : IDisposable
{
    const int Generations = 14, KillAfter = 4;

    // 64 candidates in units of 16 (population / (2 × 2 evaluators)): 4 units and the mean's evaluation per generation
    static readonly string[] Options =
    [
        "--task", "cartpole", "--seed", "5", "--generations", Generations.ToString(CultureInfo.InvariantCulture), "--population", "64",
        "--dataset-size", "2", "--hidden", "16", "--inner-steps", "40", "--episodes", "2", "--eval-policies", "2", "--batch-size", "16",
        "--inits", "2", "--init-aggregate", "mean", "--stop-when-solved", "0", "--learners", "", "--sigma", "0.1", "--eval-aggregate", "mean", // not the default job: the settings this test was written for
        "--final-eval-episodes", "0", "--quiet",
    ];

    readonly TempDir dir = new();
    readonly List<Process> processes = [];
    readonly System.Text.StringBuilder transcript = new();

    string Transcript { get { lock (transcript) return transcript.ToString(); } }

    Process Start(params string[] args)
    {
        var p = HadesProcess.Start(args);
        processes.Add(p);
        string who = $"{args[0]}#{p.Id}";
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (transcript) transcript.AppendLine($"{who}: {e.Data}"); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (transcript) transcript.AppendLine($"{who} (stderr): {e.Data}"); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    static double[] Seconds(string runDir)
    {
        string file = Path.Combine(runDir, "metrics.csv");
        try
        {
            if (!File.Exists(file)) return [];
            var lines = File.ReadAllLines(file);
            int column = Array.IndexOf(lines[0].Split(','), "seconds");
            return lines.Skip(1).Select(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).ToArray();
        }
        catch (IOException) { return []; }
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    static async Task<(double Sum, double Count)> UnitTimes(int metricsPort)
    {
        using var http = new HttpClient();
        string scrape = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        double Value(string name) => scrape.Split('\n')
            .Where(l => l.StartsWith(name + "{") && l.Contains("kind=\"candidates\""))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        return (Value("hades_evaluator_unit_duration_seconds_sum"), Value("hades_evaluator_unit_duration_seconds_count"));
    }

    [Fact]
    public async Task A_worker_killed_mid_run_leaves_the_single_process_dataset_and_its_cost_in_units_is_reported()
    {
        string single = dir.Sub("single"), cluster = dir.Sub("cluster");
        var reference = HadesProcess.Run(TimeSpan.FromMinutes(5), ["run", "--run-dir", single, .. Options]);
        Assert.True(reference.ExitCode == 0, reference.Stderr);

        int port = FreePort.Next(), survivorMetrics = FreePort.Next();
        var seed = Start(["seed", "--run-dir", cluster, "--port", port.ToString(CultureInfo.InvariantCulture), .. Options]);
        var doomed = Start("worker", "--seed-node", $"127.0.0.1:{port}", "--threads", "1");
        Start("worker", "--seed-node", $"127.0.0.1:{port}", "--threads", "1", "--metrics-port", survivorMetrics.ToString(CultureInfo.InvariantCulture));

        var clock = Stopwatch.StartNew();
        while (Seconds(cluster).Length < KillAfter && !seed.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(50);
        int affected = Seconds(cluster).Length; // the generation in flight when the worker dies
        Assert.True(affected >= KillAfter && affected < Generations - 3, $"could not kill mid-run (generation {affected})\n{Transcript}");
        doomed.Kill(); // SIGKILL: no cluster leave; its units in flight are lost
        await doomed.WaitForExitAsync();

        Assert.True(seed.WaitForExit(TimeSpan.FromMinutes(5)), $"the seed did not finish within 5 minutes\n{Transcript}");
        seed.WaitForExit();
        Assert.True(seed.ExitCode == 0, $"seed exit {seed.ExitCode}\n{Transcript}");
        Assert.Equal(File.ReadAllBytes(Path.Combine(single, "dataset.json")), File.ReadAllBytes(Path.Combine(cluster, "dataset.json")));

        var seconds = Seconds(cluster);
        Assert.Equal(Generations, seconds.Length);
        var (sum, count) = await UnitTimes(survivorMetrics);
        Assert.True(count > 0, "the survivor's metrics show no units");
        double unit = sum / count;
        var after = seconds[(affected + 1)..]; // the survivor alone
        double baseline = Median(after), noise = after.Max() - after.Min(), extra = seconds[affected] - baseline;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"killed in generation {affected}: {seconds[affected]:0.000} s; later generations (one worker) median {baseline:0.000} s (spread {noise:0.000} s); before: median {Median(seconds[1..affected]):0.000} s; extra {extra:0.000} s = {extra / unit:0.00} units of {unit:0.000} s (mean of {count} units on the survivor)"));
        // What the kill costs on top of a one-worker generation should be the lost unit's partial work (at most one
        // unit plus the machine's noise). That is issue 16's target, not yet a guarantee (one quiet run in three
        // stalled the affected generation ~15 s; see the issue note), and tests never assert wall times: the figure
        // above is the report; the checks are the journalled generations and the byte-identical dataset.
    }

    public void Dispose()
    {
        foreach (var p in processes)
        {
            try { if (!p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(5000); } } catch (InvalidOperationException) { }
            p.Dispose();
        }
        dir.Dispose();
    }
}
