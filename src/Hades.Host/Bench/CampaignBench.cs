using System.Diagnostics;
using System.Globalization;
using Hades.Core.Campaigns;
using Hades.Host.Commands;
using Hades.Host.Hosting;

namespace Hades.Host.Bench;

/// <summary>
/// The campaign row of <c>hades bench --cluster</c> (issue 16 item 7): 16 small HaDES experiments on a campaign seed
/// in this process and N loopback workers whose evaluators sleep per item; run with <c>--parallel 1</c> (one after
/// another: the sum of their times) and with <c>--parallel P</c>. Each experiment's generation is one work unit
/// (population 4 = one unit of 4) and its mean dataset is scored only at its first and last generation
/// (<c>eval_every</c> = generations), so one experiment keeps one worker busy and P experiments can keep P workers
/// busy: the row measures how well the campaign shares the pool, not a single experiment's spare slots (with
/// population 8 and a score every generation a lone experiment already used 3 of 4 workers). Each wall time is
/// counted from the moment the last worker has joined (experiments wait for all of them) to the campaign's end;
/// the CPU seconds of this process and of the workers over the whole measurement are reported beside it, and where the
/// time went (<see cref="CampaignLoad"/>): each worker's busy share (its evaluators' unit seconds over the wall time)
/// and the campaign process's journal, output and generation seconds.
/// </summary>
public static class CampaignBench
{
    public const int Experiments = 16;

    static string PlanJson(int generations) => $$"""
        {
          "name": "bench-campaign",
          "base": { "task": "cartpole", "population_size": 4, "batch_size": 4, "dataset_size": 2, "generations": {{generations}},
                    "eval_every": {{generations}}, "final_eval_episodes": 0, "snapshot_every": 1000 },
          "grid": { "seed": [{{string.Join(", ", Enumerable.Range(0, Experiments))}}] }
        }
        """;

    public static async Task RunAsync(int workers, int parallel, double simulateMs, int generations, CancellationToken cancel)
    {
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"campaign: {Experiments} experiments (population 4 = one unit per generation, {generations} generations each, the mean scored at the first and last) on {workers} loopback workers, {simulateMs} ms per item"));
        var sequential = await MeasureWithCpu(workers, 1, simulateMs, generations, cancel);
        var together = await MeasureWithCpu(workers, parallel, simulateMs, generations, cancel);
        System.Console.WriteLine("parallel  campaign s  speed-up vs --parallel 1  CPU s (campaign process)  CPU s (workers)  workers' busy share");
        foreach (var (p, m) in new[] { (1, sequential), (parallel, together) })
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p,8}  {m.Seconds,10:0.00}  {sequential.Seconds / m.Seconds,24:0.00}  {m.CampaignCpuSeconds,24:0.00}  {m.WorkersCpuSeconds,15:0.00}  {BusyShares(m)}"));
        foreach (var (p, m) in new[] { (1, sequential), (parallel, together) })
            System.Console.WriteLine($"  --parallel {p}: {m.CampaignLoad}");
    }

    /// <summary>Each worker's busy seconds over the measured wall time, and their mean ("?" for an unreadable endpoint).</summary>
    static string BusyShares(Measurement m)
    {
        var shares = m.WorkerBusySeconds.Select(b => b is { } s ? (double?)(s / m.Seconds) : null).ToArray();
        var known = shares.Where(s => s.HasValue).Select(s => s!.Value).ToArray();
        string each = string.Join(" ", shares.Select(s => s is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "?"));
        return known.Length == 0 ? each : string.Create(CultureInfo.InvariantCulture, $"{each} (mean {known.Average():0.00})");
    }

    /// <summary>One measurement: wall seconds from the last join to the end, the CPU seconds of this process and of
    /// the worker processes from the campaign's start to its end (start-up included), each worker's busy seconds (its
    /// evaluators' unit durations; null where its metrics endpoint could not be read) and the campaign process's
    /// journal, output and generation times (<see cref="CampaignLoad.Describe"/>).</summary>
    public sealed record Measurement(double Seconds, double CampaignCpuSeconds, double WorkersCpuSeconds,
        IReadOnlyList<double?> WorkerBusySeconds, string CampaignLoad);

    /// <summary>Seconds from the last worker's join to the end of a campaign of <see cref="Experiments"/> experiments.</summary>
    public static async Task<double> Measure(int workers, int parallel, double simulateMs, int generations, CancellationToken cancel) =>
        (await MeasureWithCpu(workers, parallel, simulateMs, generations, cancel)).Seconds;

    public static async Task<Measurement> MeasureWithCpu(int workers, int parallel, double simulateMs, int generations, CancellationToken cancel)
    {
        string dir = Path.Combine(Path.GetTempPath(), "hades-campaign-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "campaign.json");
        File.WriteAllText(file, PlanJson(generations));
        var plan = CampaignPlan.Read(file);
        var folder = new CampaignDirectory(Path.Combine(dir, "campaign"));
        var journal = JournalChoice.Embedded;
        var runDirs = folder.Prepare(file, plan, journal);
        CampaignCommand.Guard(folder, plan, journal).Record();
        var steps = CampaignStageJobs.Steps(plan, folder, runDirs, 0);
        int port = FreePort.Next();
        var clock = Stopwatch.StartNew();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var joined = new List<double>();
        var processes = new List<Process>();
        var metricsPorts = new List<int>();
        using var load = new CampaignLoad();
        try
        {
            var cluster = new CampaignHost.ClusterOptions("127.0.0.1", port, false, TimeSpan.FromSeconds(60), ClusterBench.PatientRecovery, MinEvaluators: workers);
            var campaign = CampaignHost.RunAsync(plan, folder, steps, parallel, journal, cluster, new Console.CampaignPrinter(System.Console.Out, quiet: true), null,
                (work, stop) => CampaignStageJobs.Run(work, new DistilRunner(), stop), cancel);
            for (int i = 0; i < workers; i++)
            {
                int metricsPort = FreePort.Next();
                metricsPorts.Add(metricsPort);
                var info = SelfProcess.StartInfo(["worker", "--seed-node", $"127.0.0.1:{port}", "--simulate-ms", simulateMs.ToString(CultureInfo.InvariantCulture), "--threads", "1", "--join-timeout", "60",
                    "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture)]);
                var p = Process.Start(info)!;
                p.OutputDataReceived += (_, e) => { if (e.Data?.Contains(" joined ") == true) lock (joined) joined.Add(clock.Elapsed.TotalSeconds); };
                p.ErrorDataReceived += (_, _) => { };
                p.BeginOutputReadLine(); p.BeginErrorReadLine();
                processes.Add(p);
            }
            var outcome = await campaign.WaitAsync(TimeSpan.FromMinutes(20), cancel);
            double end = clock.Elapsed.TotalSeconds;
            double campaignCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
            double workersCpu = processes.Sum(p => { try { p.Refresh(); return p.TotalProcessorTime.TotalSeconds; } catch (InvalidOperationException) { return 0; } });
            if (outcome is not CampaignOutcome.Finished) throw new Core.HadesUserException($"campaign bench (--parallel {parallel}) did not finish: {outcome}");
            var busy = new List<double?>();
            foreach (int metricsPort in metricsPorts) busy.Add(await CampaignLoad.WorkerBusySeconds(metricsPort, cancel));
            lock (joined)
            {
                if (joined.Count < workers) throw new Core.HadesUserException($"campaign bench: only {joined.Count} of {workers} workers joined");
                return new Measurement(end - joined.Max(), campaignCpu, workersCpu, busy, load.Describe());
            }
        }
        finally
        {
            foreach (var p in processes) { try { p.Kill(); } catch (InvalidOperationException) { } p.Dispose(); }
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
