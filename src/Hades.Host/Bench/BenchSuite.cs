using System.Diagnostics;
using System.Globalization;
using System.Text;
using Akka.Configuration;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Core.Es;
using Hades.Host.Hosting;

using Hades.Host.Commands;

namespace Hades.Host.Bench;

/// <summary>
/// `hades bench` without options: the benchmark suite. Seconds per generation for CartPole and a MinAtar game
/// with the training/rollout split, the journal's overhead per generation (SQLite vs the in-memory journal, same
/// run), cluster coordination scaling with simulated work, and the peak memory of this process. Prints a table and
/// writes it with the machine's details to a Markdown file (default docs/benchmarks.md).
/// </summary>
public static class BenchSuite
{
    public sealed record Row(string Benchmark, string Figure, string Detail);

    public static async Task<int> RunAsync(string outputPath, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var rows = new List<Row>();
        void Add(Row row) { rows.Add(row); System.Console.WriteLine($"  {row.Benchmark}: {row.Figure}  ({row.Detail})"); }

        System.Console.WriteLine("hades bench suite (several minutes; figures are this machine's, measured now)");
        double peak = SgemmPeak.MeasureGflops();
        Add(new Row("SGEMM peak (libtorch)", string.Create(CultureInfo.InvariantCulture, $"{peak:0.0} GFLOP/s"),
            $"best of 6 products of 1536x1536 float32 matrices, {TorchSharp.torch.get_num_threads()} torch threads: the roofline's 100%"));
        var cartpole = new HadesConfig { PopulationSize = 1024, DatasetSize = 16, InnerSteps = 64, Episodes = 4, Inits = 1 };
        Add(Generation("CartPole generation (balancing dataset)", cartpole, BenchCommand.BalancingDataset(new HadesProblem(cartpole)), peak));
        foreach (var (name, config) in GenerationConfigs())
        {
            if (cancel.IsCancellationRequested) return 130;
            try { Add(Generation(name, config, null, peak)); }
            catch (Core.HadesUserException e) { Add(new Row(name, "skipped", e.Message)); }
        }
        if (cancel.IsCancellationRequested) return 130;

        var (sqlite, memory) = await JournalOverhead(cancel);
        Add(new Row("Journal overhead per generation", Ms(sqlite - memory),
            string.Create(CultureInfo.InvariantCulture, $"tiny CartPole run, 40 generations: SQLite {Ms(sqlite)}/gen vs in-memory journal {Ms(memory)}/gen")));

        foreach (var (workers, seconds, efficiency) in await ClusterScaling(cancel))
            Add(new Row($"Cluster, {workers} worker(s), simulated 50 ms items", string.Create(CultureInfo.InvariantCulture, $"efficiency {efficiency:0.00}"),
                string.Create(CultureInfo.InvariantCulture, $"{seconds:0.000} s per generation of 64 items; 1.00 = linear scaling")));

        if (!cancel.IsCancellationRequested)
        {
            const int mixed = 8;
            double seconds = await ClusterBench.Measure(mixed, 50, 3, cancel, slowFactor: 4);
            double share = ClusterBench.ItemsPerGeneration / seconds / ClusterBench.Capacity(mixed, 50, 4);
            Add(new Row($"Cluster, {mixed} workers, one 4x slower (200 ms items)", string.Create(CultureInfo.InvariantCulture, $"{share:0.00} of capacity"),
                string.Create(CultureInfo.InvariantCulture, $"{seconds:0.000} s per generation of 64 items; capacity = 7 x 20 + 5 = 145 items/s (target 0.9)")));
        }

        if (!cancel.IsCancellationRequested)
        {
            const int parallel = 4;
            double sequential = await CampaignBench.Measure(parallel, 1, 50, ClusterBench.CampaignGenerations, cancel);
            double together = await CampaignBench.Measure(parallel, parallel, 50, ClusterBench.CampaignGenerations, cancel);
            Add(new Row($"Campaign, {CampaignBench.Experiments} small experiments, --parallel {parallel} on {parallel} workers", string.Create(CultureInfo.InvariantCulture, $"{sequential / together:0.00}x"),
                string.Create(CultureInfo.InvariantCulture, $"{together:0.0} s vs {sequential:0.0} s one after another (population 4 = one unit, {ClusterBench.CampaignGenerations} generations, mean scored at the first and last, 50 ms items; target 3.5x)")));
        }

        Add(new Row("Peak memory (this process)", $"{PeakRss.Mib():0} MiB", "VmHWM of the bench process since the last generation benchmark reset it (workers are separate processes)"));
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"suite finished in {clock.Elapsed.TotalSeconds:0} s"));
        Write(outputPath, rows, clock.Elapsed);
        System.Console.WriteLine($"wrote {outputPath}");
        return 0;
    }

    /// <summary>The configurations of issue 18 (the zero-dataset start of a run, as the issue measured them).</summary>
    static IEnumerable<(string Name, HadesConfig Config)> GenerationConfigs()
    {
        var cartpole = new HadesConfig { PopulationSize = 1024, DatasetSize = 16, InnerSteps = 64, Episodes = 4, Inits = 1 };
        yield return ("CartPole generation (zero dataset)", cartpole);
        yield return ("CartPole generation, 256-256 (zero dataset)", cartpole with { PopulationSize = 256, Hidden = [256, 256] });
        yield return ("Breakout (MinAtar-style) generation", TaskPresets.For("breakout"));
        yield return ("Breakout generation, 512-512", TaskPresets.For("breakout") with { PopulationSize = 256, Hidden = [512, 512] });
        var cheetah = TaskPresets.For("halfcheetah") with { PopulationSize = 64, DatasetSize = 64 };
        yield return ("halfcheetah generation (preset policy)", cheetah);
        yield return ("halfcheetah generation, 256-256", cheetah with { Hidden = [256, 256] });
        // the paper's Fashion-MNIST generation at population 2 (a paper generation is 256 times this); skipped
        // without the dataset-fashion-mnist package
        yield return ("Fashion-MNIST paper generation", TaskPresets.For(HadesConfig.FashionMnistTask, TaskPresets.Paper) with { PopulationSize = 2 });
    }

    static Row Generation(string name, HadesConfig config, float[]? start, double peak)
    {
        var problem = new HadesProblem(config.Validate());
        var state = start is null ? problem.InitialState() : problem.Strategy.Initial(start);
        var m = GenerationBench.Measure(problem, state, 2);
        System.Console.WriteLine("    " + m.Describe(peak));
        if (config.IsImageTask)
            return new Row(name, string.Create(CultureInfo.InvariantCulture, $"{m.Total:0.00} s/generation"),
                BenchCommand.Describe(config) + string.Create(CultureInfo.InvariantCulture,
                    $"; training {100 * m.Train / m.Total:0}%, fitness scoring {100 * m.Rollout / m.Total:0}%. ") + m.Describe(peak));
        return new Row(name, string.Create(CultureInfo.InvariantCulture, $"{m.Total:0.00} s/generation"),
            string.Create(CultureInfo.InvariantCulture,
                $"population {config.PopulationSize}, {config.DatasetSize} pairs, {string.Join('x', config.Hidden)} {config.Activation}, {config.InnerSteps} inner steps, {config.Episodes} episodes, {config.EffectiveInits} init(s) ({config.Strategy.Name()}); training {100 * m.Train / m.Total:0}%, rollout {100 * m.Rollout / m.Total:0}%. ") + m.Describe(peak));
    }

    /// <summary>Seconds per generation of the same tiny run with the SQLite journal and with the in-memory one.</summary>
    static async Task<(double Sqlite, double Memory)> JournalOverhead(CancellationToken cancel)
    {
        var config = new HadesConfig
        {
            Generations = 40, PopulationSize = 8, DatasetSize = 2, Hidden = [4], InnerSteps = 1, Episodes = 1, Inits = 1,
            EvalPolicies = 1, BatchSize = 8, SnapshotEvery = 10,
        };
        var inMemory = ConfigurationFactory.ParseString("""
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            """);
        double sqlite = await TimedRun(config, null, cancel), memory = await TimedRun(config, inMemory, cancel);
        return (sqlite, memory);
    }

    static async Task<double> TimedRun(HadesConfig config, Config? overrides, CancellationToken cancel)
    {
        string dir = Path.Combine(Path.GetTempPath(), "hades-bench-journal-" + Guid.NewGuid().ToString("N")[..8]);
        var run = new RunDirectory(dir);
        run.CreateOrMatch(config);
        try
        {
            var seconds = new List<double>();
            var outcome = await EmbeddedRun.RunAsync(new HadesProblem(config), run, r => seconds.Add(r.Record.Seconds), cancel, overrides: overrides);
            if (outcome is not RunOutcome.Finished) throw new Core.HadesUserException($"journal benchmark run did not finish: {outcome}");
            return seconds.Skip(5).Average(); // after warm-up
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
    }

    static async Task<List<(int Workers, double Seconds, double Efficiency)>> ClusterScaling(CancellationToken cancel)
    {
        var result = new List<(int, double, double)>();
        const double ms = 50;
        foreach (int n in new[] { 1, 2, 4 })
        {
            if (cancel.IsCancellationRequested) break;
            double seconds = await ClusterBench.Measure(n, ms, 3, cancel);
            double throughput = ClusterBench.ItemsPerGeneration / seconds;
            result.Add((n, seconds, throughput / (1000.0 / ms * n)));
        }
        return result;
    }

    static string Ms(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:0.0} ms");

    static void Write(string path, List<Row> rows, TimeSpan elapsed)
    {
        var sb = new StringBuilder("# Benchmarks\n\n");
        sb.Append("Written by `./hades bench` (the suite; no options). Every figure below comes from that run; rerun the command to\n");
        sb.Append("refresh them on your machine. Timings on a shared machine are noisy: compare ratios within one run.\n\n");
        sb.Append(string.Create(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC in {elapsed.TotalSeconds:0} s.\n\n"));
        sb.Append("## Machine\n\n");
        sb.Append($"- CPU: {CpuModel()}, {Environment.ProcessorCount} logical cores\n");
        sb.Append(string.Create(CultureInfo.InvariantCulture, $"- Memory: {MemTotalGb():0.0} GiB\n"));
        sb.Append($"- OS: {System.Runtime.InteropServices.RuntimeInformation.OSDescription}\n");
        sb.Append($"- .NET: {Environment.Version}; TorchSharp threads: {TorchSharp.torch.get_num_threads()}\n");
        sb.Append($"- Allocator: {(Environment.GetEnvironmentVariable("LD_PRELOAD")?.Contains("jemalloc") == true ? "jemalloc (LD_PRELOAD)" : "glibc malloc")}\n");
        sb.Append(string.Create(CultureInfo.InvariantCulture, $"- Load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}\n\n"));
        sb.Append("## Results\n\n| benchmark | figure | detail |\n|---|---|---|\n");
        foreach (var r in rows) sb.Append($"| {r.Benchmark} | {r.Figure} | {r.Detail} |\n");
        sb.Append("\nMore: `./hades bench --task NAME [options]` times one configuration; `./hades bench --cluster --workers 1,2,4,8` the full scaling table.\n");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder != null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, sb.ToString());
    }

    static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown";

    static double MemTotalGb() =>
        double.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576;
}
