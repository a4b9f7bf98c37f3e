using System.Diagnostics;
using System.Globalization;
using Hades.Core.Campaigns;
using Hades.Host.Commands;
using Hades.Host.Hosting;

namespace Hades.Host.Bench;

/// <summary>
/// The campaign row of <c>hades bench --cluster</c> (issue 16 item 7): 16 small HaDES experiments (population 8:
/// two units and the mean's evaluation per generation, so one experiment keeps few of the workers' slots busy) on a
/// campaign seed in this process and N loopback workers whose evaluators sleep per item; run with
/// <c>--parallel 1</c> (one after another: the sum of their times) and with <c>--parallel P</c>. Each wall time is
/// counted from the moment the last worker has joined (experiments wait for all of them) to the campaign's end.
/// </summary>
public static class CampaignBench
{
    public const int Experiments = 16;

    static string PlanJson(int generations) => $$"""
        {
          "name": "bench-campaign",
          "base": { "task": "cartpole", "population_size": 8, "batch_size": 4, "dataset_size": 2, "generations": {{generations}},
                    "final_eval_episodes": 0, "snapshot_every": 1000 },
          "grid": { "seed": [{{string.Join(", ", Enumerable.Range(0, Experiments))}}] }
        }
        """;

    public static async Task RunAsync(int workers, int parallel, double simulateMs, int generations, CancellationToken cancel)
    {
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"campaign: {Experiments} experiments (population 8, {generations} generations each, 3 items per generation) on {workers} loopback workers, {simulateMs} ms per item"));
        double sequential = await Measure(workers, 1, simulateMs, generations, cancel);
        double parallelSeconds = await Measure(workers, parallel, simulateMs, generations, cancel);
        System.Console.WriteLine("parallel  campaign s  speed-up vs --parallel 1");
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{1,8}  {sequential,10:0.00}  {1,24:0.00}"));
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{parallel,8}  {parallelSeconds,10:0.00}  {sequential / parallelSeconds,24:0.00}"));
    }

    /// <summary>Seconds from the last worker's join to the end of a campaign of <see cref="Experiments"/> experiments.</summary>
    public static async Task<double> Measure(int workers, int parallel, double simulateMs, int generations, CancellationToken cancel)
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
        var joined = new List<double>();
        var processes = new List<Process>();
        try
        {
            var cluster = new CampaignHost.ClusterOptions("127.0.0.1", port, false, TimeSpan.FromSeconds(60), ClusterBench.PatientRecovery, MinEvaluators: workers);
            var campaign = CampaignHost.RunAsync(plan, folder, steps, parallel, journal, cluster, new Console.CampaignPrinter(System.Console.Out, quiet: true), null,
                (work, stop) => CampaignStageJobs.Run(work, new DistilRunner(), stop), cancel);
            for (int i = 0; i < workers; i++)
            {
                var info = SelfProcess.StartInfo(["worker", "--seed-node", $"127.0.0.1:{port}", "--simulate-ms", simulateMs.ToString(CultureInfo.InvariantCulture), "--threads", "1", "--join-timeout", "60"]);
                var p = Process.Start(info)!;
                p.OutputDataReceived += (_, e) => { if (e.Data?.Contains(" joined ") == true) lock (joined) joined.Add(clock.Elapsed.TotalSeconds); };
                p.ErrorDataReceived += (_, _) => { };
                p.BeginOutputReadLine(); p.BeginErrorReadLine();
                processes.Add(p);
            }
            var outcome = await campaign.WaitAsync(TimeSpan.FromMinutes(20), cancel);
            double end = clock.Elapsed.TotalSeconds;
            if (outcome is not CampaignOutcome.Finished) throw new Core.HadesUserException($"campaign bench (--parallel {parallel}) did not finish: {outcome}");
            lock (joined)
            {
                if (joined.Count < workers) throw new Core.HadesUserException($"campaign bench: only {joined.Count} of {workers} workers joined");
                return end - joined.Max();
            }
        }
        finally
        {
            foreach (var p in processes) { try { p.Kill(); } catch (InvalidOperationException) { } p.Dispose(); }
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
