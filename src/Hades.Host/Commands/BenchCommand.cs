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
        hades bench --envs TASK,TASK      environment stepping alone
        hades bench --suite issue18       every row of issue 18's throughput targets
        hades bench --suite roofline      the fused inner loop's roofline (Breakout 512-512, CartPole 64-64 and 256-256)
        hades bench --suite tanh          the vector tanh against MathF.Tanh on every float bit pattern
        hades bench --suite products      the Breakout member step's matrix products alone, beside libtorch
        hades bench --suite wake          how long an idle thread takes to start on this machine

        Without options (or with only --out) runs the benchmark suite: seconds per generation for CartPole and
        Breakout (training vs rollout split), journal overhead per generation (SQLite vs in-memory), cluster
        scaling with simulated work (1, 2, 4 workers; 8 workers with one 4x slower) and peak memory; prints the table and writes it with the
        machine's details to FILE (default docs/benchmarks.md). It takes a few minutes.

        With experiment options, times --repeats (or --generations; default 3) full generations of candidate
        evaluation on this machine (after one warm-up generation) and prints seconds per generation with the split between inner-loop training and rollout, and the
        roofline: the generation's matrix FLOPs (training from the shapes, rollout forwards from the measured env
        steps), GFLOP/s against a measured SGEMM peak, env steps/s, MuJoCo's physics share and the peak RSS.
        Defaults: population 1024, 16 pairs, 64 inner steps, 4 episodes, 1 init per candidate, cartpole.

        With --cluster it measures coordination instead: a seed in this process and N loopback worker processes
        whose evaluators sleep a fixed time per work item; it prints throughput and efficiency per N, then the
        same with one of the N workers --slow-factor times slower, as the share of the workers' aggregate capacity,
        then a campaign row: 16 small experiments on --campaign-parallel workers, run one after another and
        --campaign-parallel at once, and the speed-up.

        With --envs it times environment stepping alone: random-action rollouts of 64 instances of each task for
        3 s after a warm-up, printing env steps/s, process CPU microseconds per step, and the random policy's mean
        return and episode length (MuJoCo: compare with the raw C loop native/mujoco-shim/mj_bench, docs/mujoco.md).

        With --suite issue18 it measures every row of issue 18's targets in one run (about 10 minutes on 2 quiet
        cores): the two CartPole generations against bench/pytorch_generation.py run in the same window with the same
        thread count (time ratio), their share of the SGEMM peak, Breakout 512-512 training's share of two peaks in
        CPU time (training FLOPs per process CPU second against libtorch's SGEMM per thread CPU second on one thread,
        and against the measured FMA register peak), and the MuJoCo physics share of rollout time for all six tasks
        with the preset policy and with 256-256; then a Markdown table of figure, target and whether it was met
        (docs/benchmarks.md). The Breakout rows also print the fused inner loop's roofline: a member step's FLOPs and
        streamed bytes, the measured stream bandwidth and Adam rate beside the SGEMM peaks, the bound on the share of
        the peak they allow, and the achieved share of the FMA peak and of the SGEMM peak in CPU time.
        --suite roofline prints only the roofline (Breakout 512-512, CartPole 64-64 and 256-256; seconds).
        --suite products times the Breakout 512-512 member step's matrix products alone at their exact shapes (D = 16),
        in GFLOP per thread CPU second, warm and with operands cycling through more than L2: the trainer's kernels,
        libtorch's mm on one thread, and the weight gradients fused with Adam as the trainer runs them.
        --suite tanh checks the rollout forward's vector tanh (glibc's tanhf algorithm on vector lanes) against
        MathF.Tanh on all 2^32 float bit patterns for each vector width, bit for bit, and times both (minutes); it
        exits 1 on any mismatch.
        --suite wake measures how long a waiting thread takes to start once released, after 0 to 100 ms asleep, for
        each way of waiting: a SemaphoreSlim and a thread-pool work item (which spin with sched_yield before they
        block), a monitor and the rollouts' worker crew (which never yield), and a spinning thread (about a minute):
        the fixed cost of every short parallel phase, such as a MuJoCo rollout (milliseconds where a thread that
        yielded before it blocked waits for a scheduler tick, as on this project's machines).

        Benchmarks time the code a long run settles into: every mode but --cluster runs itself again with
        DOTNET_TieredCompilation=0 (every method fully optimised on its first call; the header line says
        "tiered compilation off"). Set DOTNET_TieredCompilation yourself to keep your choice.
        """;

    static readonly Option<string> Out = Opt.String("out", "FILE", "the suite: where to write the table (default docs/benchmarks.md)");
    static readonly Option<string> Start = Opt.String("start", "balancing|zero", "cartpole's dataset: one whose policies balance the pole (long episodes, default) or the all-zero start of a run (the ES's first generations)",
        v => v is "balancing" or "zero" ? null : $"--start must be balancing or zero, not '{v}'");
    static readonly Option<string> Envs = Opt.String("envs", "TASK,TASK", "environment stepping alone: random-action env steps/s of each task (64 instances, 3 s each; e.g. breakout,hopper)",
        v => v.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(t => !Core.Envs.TaskRegistry.Names.Contains(t)) is { } bad ? $"--envs: unknown task '{bad}'" : null);
    static readonly Option<int> Repeats = Opt.Int("repeats", "measured generations (default 3; --generations N is the same)", v => v > 0 ? null : "--repeats must be a positive integer");
    static readonly Option<string> Suite = Opt.String("suite", "NAME", "a named set of benchmark rows: issue18 (issue 18's throughput targets, with the PyTorch yardstick), roofline (the fused inner loop's roofline alone, seconds), products (the Breakout member step's matrix products alone beside libtorch, seconds), tanh (the vector tanh on every float bit pattern, minutes) or wake (how long an idle thread takes to start, seconds)",
        v => v is "issue18" or "roofline" or "tanh" or "products" or "wake" ? null : $"--suite must be issue18, roofline, tanh, products or wake, not '{v}'");
    static readonly Option<bool> Cluster = Opt.Flag("cluster", "coordination benchmark (--workers, --simulate-ms, --generations, --slow-factor)");
    static readonly Option<int[]> Workers = Opt.IntList("workers", "--cluster: worker counts (default 1,2,4,8)", v => v.All(w => w > 0) ? null : "--workers must be positive integers");
    static readonly Option<double> SimulateMs = Opt.Double("simulate-ms", "--cluster: sleep per work item, ms (default 50)", v => v > 0 ? null : "--simulate-ms must be > 0", "MS");
    static readonly Option<double> SlowFactor = Opt.Double("slow-factor", "--cluster: heterogeneous rows: one of N ≥ 2 workers that many times slower (default 4)", v => v >= 1 ? null : "--slow-factor must be ≥ 1");

    static readonly Option<int> CampaignParallel = Opt.Int("campaign-parallel", "--cluster: the campaign row's workers and experiments at once (default 4; 0 skips it)",
        v => v >= 0 ? null : "--campaign-parallel must be ≥ 0");

    public void Declare(Command command)
    {
        command.AddOptions([Out, Envs, Suite, Repeats, Start, Cluster, Workers, SimulateMs, SlowFactor, CampaignParallel]);
        ConfigOptions.All.AddTo(command); // --generations is also --cluster's (default 3)
    }

    public Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        if (!UntieredRerun.NotNeeded && !a.GetValue(Cluster)) // cluster rows time coordination, not code
            return UntieredRerun.RunAsync(Environment.GetCommandLineArgs().Skip(1), cancel);
        var given = a.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().Where(o => !o.Implicit).Select(o => o.Option).ToList();
        if (given.All(o => o == Out))
            return BenchSuite.RunAsync(a.ValueOrNull(Out) ?? Path.Combine("docs", "benchmarks.md"), cancel);
        if (a.ValueOrNull(Envs) is { } envs)
        {
            a.RejectUnless(Name, "with --envs", Envs);
            return Task.FromResult(EnvStepBench.Run(envs.Split(',', StringSplitOptions.TrimEntries), instances: 64, seconds: 3));
        }
        if (a.ValueOrNull(Suite) is not null)
        {
            a.RejectUnless(Name, "with --suite", Suite, Repeats);
            if (a.ValueOrNull(Suite) is "tanh" or "products" or "wake") a.RejectUnless(Name, "with --suite " + a.ValueOrNull(Suite), Suite);
            return Task.FromResult(a.ValueOrNull(Suite) switch
            {
                "roofline" => Issue18Bench.Roofline(),
                "tanh" => TanhBench.Run(cancel),
                "products" => ProductsBench.Run(),
                "wake" => WakeBench.Run(),
                _ => Issue18Bench.Run(a.NumberOrNull(Repeats) ?? 2, cancel),
            });
        }
        var generationsOption = ConfigOptions.All.Single(o => o.Option.Name == "--generations").Option;
        if (a.GetValue(Cluster))
        {
            a.RejectUnless(Name, "with --cluster", Cluster, Workers, SimulateMs, SlowFactor, CampaignParallel, generationsOption);
            int gens = a.GetResult(generationsOption) is { Implicit: false } ? a.GetValue<int>("--generations") : 3;
            if (gens <= 0) throw new Core.HadesUserException("--generations must be a positive integer");
            return ClusterBench.RunAsync(a.ValueOrNull(Workers) ?? [1, 2, 4, 8], a.NumberOrNull(SimulateMs) ?? 50, gens, a.NumberOrNull(SlowFactor) ?? 4, cancel, a.NumberOrNull(CampaignParallel) ?? 4);
        }
        a.RejectUnless(Name, "without --cluster", [Repeats, Start, .. ConfigOptions.All.Select(o => o.Option)]);
        string task = a.ValueOrNull(ConfigOptions.Task) ?? "cartpole";
        string? preset = a.ValueOrNull(ConfigOptions.Preset);
        var baseline = task == "cartpole" && preset is null or TaskPresets.Quick
            ? new HadesConfig { PopulationSize = 1024, DatasetSize = 16, InnerSteps = 64, Episodes = 4, Inits = 1 }
            : TaskPresets.For(task, preset ?? TaskPresets.Quick, a.ValueOrNull(ConfigOptions.Method) ?? "hades");
        var config = ConfigOptions.Read(a, baseline);
        int repeats = MeasuredGenerations(a, generationsOption);
        string start = a.ValueOrNull(Start) ?? "balancing";
        var problem = new HadesProblem(config.Validate());
        var state = config.Task == "cartpole" && problem.Direct is null && start == "balancing" ? problem.Strategy.Initial(BalancingDataset(problem)) : problem.InitialState();

        System.Console.WriteLine(config.IsImageTask ? $"bench: {Describe(config)}, batch {config.BatchSize}, torch threads {TorchSharp.torch.get_num_threads()}, {Environment.ProcessorCount} cores, {UntieredRerun.JitMode}" : string.Create(CultureInfo.InvariantCulture,
            $"bench: {config.Task}, population {config.PopulationSize}, {config.DatasetSize} pairs, hidden {string.Join(',', config.Hidden)} {config.Activation}, {config.InnerSteps} inner steps, {config.Episodes} episodes, {config.EffectiveInits} init(s), batch {config.BatchSize}, torch threads {TorchSharp.torch.get_num_threads()}, {Environment.ProcessorCount} cores, {UntieredRerun.JitMode}"));
        double peak = SgemmPeak.MeasureGflops();
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SGEMM peak (best of 6 libtorch 1536x1536 products, {TorchSharp.torch.get_num_threads()} threads): {peak:0.0} GFLOP/s"));
        var summary = GenerationBench.Measure(problem, state, repeats, (r, row) => System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  generation {r}: {row.Total:0.000} s (training {row.Train:0.000} s, rollout {row.Rollout:0.000} s), mean fitness {row.MeanFitness:0.0}, {row.EnvSteps} env steps")));
        double total = summary.Total, train = summary.Train, rollout = summary.Rollout;
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seconds per generation: {total:0.000} (training {train:0.000} s = {100 * train / total:0.0}%, rollout {rollout:0.000} s = {100 * rollout / total:0.0}%, other {total - train - rollout:0.000} s); process CPU seconds per generation: {summary.Cpu:0.000}"));
        if (summary.Physics > 0)
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"MuJoCo physics (parallel native stepping): {summary.Physics:0.000} s per generation = {100 * summary.Physics / rollout:0.0}% of rollout time, {100 * summary.Physics / total:0.0}% of the generation"));
        if (config.IsImageTask)
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"image task: \"training\" is the {config.InnerSteps} SGD steps of the {config.PopulationSize} × {config.EffectiveInits} CNNs, \"rollout\" their fitness scoring on {config.SelectionImages} training images; the generation's eval-return CNNs and the final evaluation are not timed here"));
        System.Console.WriteLine(summary.Describe(peak));
        return Task.FromResult(0);
    }

    /// <summary>An image task's configuration in words (its dataset is images, its learner the paper CNN).</summary>
    public static string Describe(HadesConfig config) => string.Create(CultureInfo.InvariantCulture,
        $"{config.Task}, population {config.PopulationSize}, {config.ImagesPerClass} image(s) per class, paper CNN × {config.EffectiveInits} init(s), {config.InnerSteps} SGD steps, fitness {config.ImageFitness} on {config.SelectionImages} training images");

    /// <summary>How many generations one configuration measures: --repeats, or --generations (its alias here, since
    /// `--generations N` is what a run is given), 3 when neither is given; both at once is a usage error.</summary>
    static int MeasuredGenerations(ParseResult a, Option generationsOption)
    {
        bool generationsGiven = a.GetResult(generationsOption) is { Implicit: false };
        if (generationsGiven && a.Given(Repeats))
            throw new Core.HadesUserException("give --repeats or --generations (measured generations), not both");
        return generationsGiven ? a.GetValue<int>("--generations") : a.NumberOrNull(Repeats) ?? 3;
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
