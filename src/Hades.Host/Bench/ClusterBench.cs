using System.Diagnostics;
using System.Globalization;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Host.Hosting;

namespace Hades.Host.Bench;

/// <summary>
/// Coordination overhead of the cluster: a seed (this process) and N loopback worker processes whose
/// evaluators sleep a fixed time per work item, so the two cores are not the limit. Throughput (work items
/// per second) against N shows how close distribution comes to linear scaling. The heterogeneous rows make one
/// of the N workers slower (its items take <c>slowFactor</c> times as long) and report the share of the
/// workers' aggregate capacity (the sum of each worker's items per second) that the run reaches.
/// </summary>
public static class ClusterBench
{
    // 63 batches of 8 candidates + the mean's evaluation = 64 items per generation: divisible by 1, 2, 4, 8.
    static HadesConfig Config(int generations) => new() { PopulationSize = 504, BatchSize = 8, Generations = generations + 1, MaxBatchesInFlight = 2 };

    public const int ItemsPerGeneration = 504 / 8 + 1;

    /// <param name="campaignParallel">Workers and experiments at once of the campaign row (<see cref="CampaignBench"/>); 0 skips it.</param>
    public static async Task<int> RunAsync(int[] workerCounts, double simulateMs, int generations, double slowFactor, CancellationToken cancel,
        int campaignParallel = 0)
    {
        int itemsPerGeneration = ItemsPerGeneration;
        double ideal1 = 1000.0 / simulateMs;
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster bench: seed + N loopback worker processes, {simulateMs} ms per work item (sleep), {itemsPerGeneration} items per generation, {generations} generations (the first, which waits for the workers to join, is not counted), 2 items in flight per worker"));
        System.Console.WriteLine("workers  s/generation  items/s  ideal items/s  efficiency  speed-up vs 1");
        double? first = null;
        foreach (int n in workerCounts)
        {
            if (cancel.IsCancellationRequested) break;
            double seconds = await Measure(n, simulateMs, generations, cancel);
            double throughput = itemsPerGeneration / seconds;
            first ??= throughput;
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n,7}  {seconds,12:0.000}  {throughput,7:0.0}  {ideal1 * n,13:0.0}  {throughput / (ideal1 * n),10:0.00}  {throughput / first.Value,13:0.00}"));
        }
        var mixed = workerCounts.Where(n => n >= 2).ToArray();
        foreach (int n in mixed)
        {
            if (cancel.IsCancellationRequested) break;
            if (n == mixed[0])
            {
                System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"heterogeneous: one worker's items take {slowFactor}x as long ({simulateMs * slowFactor} ms); capacity = sum of every worker's items/s"));
                System.Console.WriteLine("workers  s/generation  items/s  capacity items/s  share of capacity");
            }
            double seconds = await Measure(n, simulateMs, generations, cancel, slowFactor);
            double throughput = itemsPerGeneration / seconds, capacity = Capacity(n, simulateMs, slowFactor);
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n + " (1 slow)",7}  {seconds,12:0.000}  {throughput,7:0.0}  {capacity,16:0.0}  {throughput / capacity,17:0.00}"));
        }
        if (campaignParallel > 0 && !cancel.IsCancellationRequested)
            await CampaignBench.RunAsync(campaignParallel, campaignParallel, simulateMs, CampaignGenerations, cancel);
        return 0;
    }

    /// <summary>N worker processes starting at once (JIT, TorchSharp load) can starve the seed on a loaded 2-core machine
    /// past Akka's 30 s recovery timeout (seen at load 50–70: "Recovery timed out, didn't get snapshot within 30s");
    /// the benches wait longer.</summary>
    internal static readonly Akka.Configuration.Config PatientRecovery =
        Akka.Configuration.ConfigurationFactory.ParseString("akka.persistence.journal.sql.recovery-event-timeout = 300s");

    /// <summary>Generations of each experiment of the campaign row.</summary>
    public const int CampaignGenerations = 10;

    /// <summary>Items per second the workers could do together: N − 1 at full speed and, with a slow factor, one slower.</summary>
    public static double Capacity(int workers, double simulateMs, double? slowFactor) =>
        slowFactor is { } f ? (workers - 1) * 1000.0 / simulateMs + 1000.0 / (simulateMs * f) : workers * 1000.0 / simulateMs;

    /// <summary>Seconds per generation with <paramref name="workers"/> loopback workers (the joining generation excluded);
    /// with <paramref name="slowFactor"/>, the first worker's items take that many times as long.</summary>
    public static async Task<double> Measure(int workers, double simulateMs, int generations, CancellationToken cancel, double? slowFactor = null)
    {
        var config = Config(generations);
        string dir = Path.Combine(Path.GetTempPath(), "hades-cluster-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var run = new RunDirectory(dir);
        run.CreateOrMatch(config);
        var seconds = new List<double>();
        var processes = new List<Process>();
        int port = FreePort.Next();
        try
        {
            await using var seed = SeedNode.Start(new HadesProblem(config), run, r => { lock (seconds) seconds.Add(r.Record.Seconds); },
                "127.0.0.1", port, localEvaluator: false, askTimeout: TimeSpan.FromSeconds(60), user: PatientRecovery, minEvaluators: workers);
            for (int i = 0; i < workers; i++)
            {
                double ms = i == 0 && slowFactor is { } f ? simulateMs * f : simulateMs;
                var info = SelfProcess.StartInfo(["worker", "--seed-node", seed.Address, "--simulate-ms", ms.ToString(CultureInfo.InvariantCulture), "--threads", "1"]);
                var p = Process.Start(info)!;
                p.OutputDataReceived += (_, _) => { };
                p.ErrorDataReceived += (_, _) => { };
                p.BeginOutputReadLine(); p.BeginErrorReadLine();
                processes.Add(p);
            }
            var outcome = await seed.Outcome.WaitAsync(TimeSpan.FromMinutes(10), cancel);
            if (outcome is not RunOutcome.Finished) throw new Core.HadesUserException($"cluster bench with {workers} workers did not finish: {outcome}");
        }
        finally
        {
            foreach (var p in processes) { try { p.Kill(); } catch (InvalidOperationException) { } p.Dispose(); }
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
        // generation 0 includes waiting for the workers to start and join: measure the ones after it
        return seconds.Skip(1).Average();
    }

}
