using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Envs;
using Hades.Core.Es;
using Hades.Core.Training;
using Hades.Host.Cli;

using Hades.Host.Bench;

namespace Hades.Host.Commands;

/// <summary>
/// `hades bench`: seconds per HaDES generation and its split between inner-loop training and rollout,
/// measured on the pure core (no actors), around a dataset whose policies balance the pole, so rollouts
/// run to full length (the expensive case).
/// </summary>
public sealed class BenchCommand : ICommand
{
    public string Name => "bench";
    public string Summary => "benchmark suite (writes docs/benchmarks.md), or time one configuration";
    public string Description => """
        hades bench [--out FILE]          the suite
        hades bench --task NAME [options] one configuration
        hades bench --cluster [...]       coordination scaling

        Without options (or with only --out) runs the benchmark suite: seconds per generation for CartPole and
        Breakout (training vs rollout split), journal overhead per generation (SQLite vs in-memory), cluster
        scaling with simulated work (1, 2, 4 workers; 8 workers with one 4x slower) and peak memory; prints the table and writes it with the
        machine's details to FILE (default docs/benchmarks.md). It takes a few minutes.

        With experiment options, times full generations of candidate evaluation on this machine (after one warm-up
        generation) and prints seconds per generation with the split between inner-loop training and rollout.
        Defaults: population 1024, 16 pairs, 64 inner steps, 4 episodes, 1 init per candidate, cartpole.

        With --cluster it measures coordination instead: a seed in this process and N loopback worker processes
        whose evaluators sleep a fixed time per work item; it prints throughput and efficiency per N, then the
        same with one of the N workers --slow-factor times slower, as the share of the workers' aggregate capacity,
        then a campaign row: 16 small experiments on --campaign-parallel workers, run one after another and
        --campaign-parallel at once, and the speed-up.
        """;

    static readonly Option<string> Out = Opt.String("out", "FILE", "the suite: where to write the table (default docs/benchmarks.md)");
    static readonly Option<int> Repeats = Opt.Int("repeats", "measured generations (default 3)", v => v > 0 ? null : "--repeats must be a positive integer");
    static readonly Option<bool> Cluster = Opt.Flag("cluster", "coordination benchmark (--workers, --simulate-ms, --generations, --slow-factor)");
    static readonly Option<int[]> Workers = Opt.IntList("workers", "--cluster: worker counts (default 1,2,4,8)", v => v.All(w => w > 0) ? null : "--workers must be positive integers");
    static readonly Option<double> SimulateMs = Opt.Double("simulate-ms", "--cluster: sleep per work item, ms (default 50)", v => v > 0 ? null : "--simulate-ms must be > 0", "MS");
    static readonly Option<double> SlowFactor = Opt.Double("slow-factor", "--cluster: heterogeneous rows: one of N ≥ 2 workers that many times slower (default 4)", v => v >= 1 ? null : "--slow-factor must be ≥ 1");

    static readonly Option<int> CampaignParallel = Opt.Int("campaign-parallel", "--cluster: the campaign row's workers and experiments at once (default 4; 0 skips it)",
        v => v >= 0 ? null : "--campaign-parallel must be ≥ 0");

    public void Declare(Command command)
    {
        command.AddOptions([Out, Repeats, Cluster, Workers, SimulateMs, SlowFactor, CampaignParallel]);
        ConfigOptions.All.AddTo(command); // --generations is also --cluster's (default 3)
    }

    public Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        var given = a.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().Where(o => !o.Implicit).Select(o => o.Option).ToList();
        if (given.All(o => o == Out))
            return BenchSuite.RunAsync(a.ValueOrNull(Out) ?? Path.Combine("docs", "benchmarks.md"), cancel);
        var generationsOption = ConfigOptions.All.Single(o => o.Option.Name == "--generations").Option;
        if (a.GetValue(Cluster))
        {
            a.RejectUnless(Name, "with --cluster", Cluster, Workers, SimulateMs, SlowFactor, CampaignParallel, generationsOption);
            int gens = a.GetResult(generationsOption) is { Implicit: false } ? a.GetValue<int>("--generations") : 3;
            if (gens <= 0) throw new Core.HadesUserException("--generations must be a positive integer");
            return ClusterBench.RunAsync(a.ValueOrNull(Workers) ?? [1, 2, 4, 8], a.NumberOrNull(SimulateMs) ?? 50, gens, a.NumberOrNull(SlowFactor) ?? 4, cancel, a.NumberOrNull(CampaignParallel) ?? 4);
        }
        a.RejectUnless(Name, "without --cluster", [Repeats, .. ConfigOptions.All.Select(o => o.Option)]);
        string task = a.ValueOrNull(ConfigOptions.Task) ?? "cartpole";
        string? preset = a.ValueOrNull(ConfigOptions.Preset);
        var baseline = task == "cartpole" && preset is null or TaskPresets.Quick
            ? new HadesConfig { PopulationSize = 1024, DatasetSize = 16, InnerSteps = 64, Episodes = 4, Inits = 1 }
            : TaskPresets.For(task, preset ?? TaskPresets.Quick, a.ValueOrNull(ConfigOptions.Method) ?? "hades");
        var config = ConfigOptions.Read(a, baseline);
        int repeats = a.NumberOrNull(Repeats) ?? 3;
        var problem = new HadesProblem(config.Validate());
        var state = config.Task == "cartpole" && problem.Direct is null ? problem.Strategy.Initial(BalancingDataset(problem)) : problem.InitialState();
        var all = Enumerable.Range(0, config.PopulationSize).ToArray();

        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench: {config.Task}, population {config.PopulationSize}, {config.DatasetSize} pairs, hidden {string.Join(',', config.Hidden)} {config.Activation}, {config.InnerSteps} inner steps, {config.Episodes} episodes, {config.EffectiveInits} init(s), batch {config.BatchSize}, torch threads {TorchSharp.torch.get_num_threads()}, {Environment.ProcessorCount} cores"));
        Generation(problem, state, all, config.BatchSize); // warm-up (JIT, allocator)
        var rows = new List<(double Total, double Train, double Rollout, double Fitness, double Physics)>();
        for (int r = 0; r < repeats && !cancel.IsCancellationRequested; r++)
        {
            var row = Generation(problem, state with { Generation = r + 1 }, all, config.BatchSize);
            rows.Add(row);
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  generation {r + 1}: {row.Total:0.000} s (training {row.Train:0.000} s, rollout {row.Rollout:0.000} s), mean return {row.Fitness:0.0}"));
        }
        double total = rows.Average(r => r.Total), train = rows.Average(r => r.Train), rollout = rows.Average(r => r.Rollout);
        double envSteps = rows.Average(r => r.Fitness) * config.PopulationSize * config.EffectiveInits * config.Episodes;
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seconds per generation: {total:0.000} (training {train:0.000} s = {100 * train / total:0.0}%, rollout {rollout:0.000} s = {100 * rollout / total:0.0}%, other {total - train - rollout:0.000} s)"));
        double physics = rows.Average(r => r.Physics);
        if (physics > 0)
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"MuJoCo physics (parallel native stepping): {physics:0.000} s per generation = {100 * physics / rollout:0.0}% of rollout time, {100 * physics / total:0.0}% of the generation"));
        if (config.Task == "cartpole")
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rollout throughput: {envSteps / rollout / 1e6:0.00} M env steps/s incl. batched policy forward"));
        return Task.FromResult(0);
    }

    internal static (double Total, double Train, double Rollout, double Fitness, double Physics) Generation(HadesProblem problem, EsState state, int[] all, int batchSize)
    {
        var physicsBefore = Core.Envs.Mujoco.PhysicsClock.Elapsed;
        var timings = new PhaseTimings();
        var clock = Stopwatch.StartNew();
        var fitness = new List<float>();
        foreach (var batch in WorkPlan.Batches(all, batchSize))
            fitness.AddRange(problem.EvaluateCandidates(state, batch, timings));
        double physics = (Core.Envs.Mujoco.PhysicsClock.Elapsed - physicsBefore).TotalSeconds;
        return (clock.Elapsed.TotalSeconds, timings.Training.TotalSeconds, timings.Rollout.TotalSeconds, fitness.Average(), physics);
    }

    /// <summary>A CartPole dataset whose policies push toward the side the pole falls to; zeros for other tasks.</summary>
    internal static float[] BalancingDataset(HadesProblem problem)
    {
        var layout = problem.Layout;
        var mean = new float[problem.Dimension];
        if (problem.Config.Task != "cartpole") return mean;
        for (int i = 0; i < layout.Size; i++)
        {
            float side = layout.FixedLabel(i) == 1 ? 1f : -1f, scale = 1f + i % 4;
            mean[i * 4 + 2] = side * 0.02f * scale;
            mean[i * 4 + 3] = side * 0.3f * scale;
        }
        return mean;
    }
}
