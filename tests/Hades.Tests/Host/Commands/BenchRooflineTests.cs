using System.Globalization;
using System.Text.RegularExpressions;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

public class BenchRooflineTests
{
    [Fact]
    public void Bench_prints_the_generations_arithmetic_against_a_measured_peak()
    {
        var r = HadesProcess.Run("bench", "--task", "cartpole", "--population", "4", "--dataset-size", "2", "--hidden", "8",
            "--inner-steps", "3", "--episodes", "1", "--inits", "1", "--batch-size", "4", "--repeats", "1", "--start", "zero");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var peak = Regex.Match(r.Stdout, @"SGEMM peak .*: ([0-9.]+) GFLOP/s");
        Assert.True(peak.Success, r.Stdout);
        Assert.True(double.Parse(peak.Groups[1].Value, CultureInfo.InvariantCulture) > 0);
        var line = Regex.Match(r.Stdout, @"arithmetic: [0-9.]+ GFLOP per generation \(training ([0-9.]+), rollout forwards [0-9.]+\); [0-9.]+ GFLOP/s = [0-9.]+% .* M env steps/s of rollout \(([0-9]+) steps\); peak RSS ([0-9]+) MiB");
        Assert.True(line.Success, r.Stdout);
        Assert.True(long.Parse(line.Groups[2].Value, CultureInfo.InvariantCulture) >= 4, "every policy takes at least one env step");
        Assert.True(int.Parse(line.Groups[3].Value, CultureInfo.InvariantCulture) > 0);
    }

    [Hades.Tests.Core.Vision.FashionMnistFact]
    public void Image_bench_splits_cnn_training_from_fitness_scoring_with_their_flops()
    {
        var r = HadesProcess.Run("bench", "--task", "fashion-mnist", "--preset", "paper", "--population", "2", "--generations", "1",
            "--inner-steps", "2", "--selection-images", "200");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("paper CNN × 2 init(s), 2 SGD steps, fitness loss on 200 training images", r.Stdout);
        var timing = Regex.Match(r.Stdout, @"generation 1: [0-9.]+ s \(training ([0-9.]+) s, rollout ([0-9.]+) s\)");
        Assert.True(timing.Success, r.Stdout);
        Assert.True(double.Parse(timing.Groups[1].Value, CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(timing.Groups[2].Value, CultureInfo.InvariantCulture) > 0);
        // 2 candidates × 2 CNNs: 2 steps × 10 images × 10,093,056 FLOPs, and 200 images × 3,439,616 FLOPs
        double training = 4 * 2 * Hades.Core.Vision.CnnFlops.TrainingStep(10), scoring = 4 * 200 * Hades.Core.Vision.CnnFlops.ForwardPerImage();
        Assert.Equal(807_444_480, training);
        Assert.Equal(2_751_692_800, scoring);
        Assert.Contains(FormattableString.Invariant($"(CNN training {training / 1e9:0.0}, fitness scoring forwards {scoring / 1e9:0.0})"), r.Stdout);
        Assert.Matches(@"GFLOP per process CPU second", r.Stdout);
    }

    [Theory]
    [InlineData("--suite", "nope")]
    [InlineData("--suite", "issue18", "--task", "cartpole")]
    [InlineData("--suite", "roofline", "--task", "cartpole")]
    [InlineData("--suite", "tanh", "--repeats", "2")]
    [InlineData("--suite", "products", "--repeats", "2")]
    [InlineData("--suite", "wake", "--repeats", "2")]
    public void Bench_suite_takes_a_known_name_and_no_experiment_options(params string[] args)
    {
        var r = HadesProcess.Run(["bench", .. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("hades: error:", r.Stderr.Trim());
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Bench_suite_products_times_every_product_warm_and_cold_beside_libtorch()
    {
        var r = HadesProcess.Run("bench", "--suite", "products");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        // each of the 7 shapes warm and cold, each with a positive rate for the current kernel
        var current = Regex.Matches(r.Stdout, @"MatrixKernels\.Multiply \(current\)\s+([0-9.]+) /\s+([0-9.]+) GFLOP/CPU-s");
        Assert.Equal(14, current.Count);
        Assert.All(current, m => Assert.True(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0));
        Assert.Equal(7, Regex.Matches(r.Stdout, @"libtorch (add)?mm \(1 thread").Count);
        Assert.Equal(Hades.Core.Training.Cpu.MatrixKernels.Wide ? 6 : 0, Regex.Matches(r.Stdout, @"fused with Adam, [0-9]+ cop(y|ies) of θ, m, v\s+[0-9.]+ / +[0-9.]+ GFLOP/CPU-s .* ns per parameter").Count);
    }

    [Fact]
    public void Bench_suite_wake_times_each_way_of_waiting_after_each_pause_and_a_spinning_helper()
    {
        var r = HadesProcess.Run("bench", "--suite", "wake");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = Regex.Matches(r.Stdout, @"  (.+?), (?:released|flagged) after ([0-9]+) ms asleep: ([0-9.]+) ms, ([0-9.]+) ms, ([0-9.]+) ms");
        string[] waits = ["helper blocked on a SemaphoreSlim (yields, then blocks)", "thread-pool work item",
            "helper blocked on a monitor (never yields)", "WorkerCrew helper (rollouts' second worker)"];
        Assert.Equal(waits.SelectMany(w => new[] { "0", "1", "5", "20", "100" }.Select(p => $"{w} {p}")).Append("spinning helper 20"),
            rows.Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}"));
        foreach (Match m in rows)
        {
            double Value(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
            Assert.True(Value(3) <= Value(4) && Value(4) <= Value(5), m.Value); // median ≤ 90th percentile ≤ maximum
            Assert.True(Value(3) >= 0, m.Value);
        }
    }

    [Fact]
    public void Bench_suite_roofline_prints_the_bound_and_the_achieved_share_per_shape()
    {
        var r = HadesProcess.Run("bench", "--suite", "roofline");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = Regex.Matches(r.Stdout, @"roofline of one member step \(([0-9-]+), D = 16, .*?: ([0-9.]+) MFLOP, ([0-9.]+) MB streamed .* measured on ([0-9]+) thread\(s\) at once, summed: FMA peak ([0-9.]+) GFLOP/s \(([0-9.]+) per thread\), stream bandwidth ([0-9.]+) GB/s .* => bound ([0-9.]+)% of the FMA peak; achieved [0-9.]+ ms = ([0-9.]+)% of the FMA peak");
        Assert.Equal(["512-512", "64-64", "256-256"], lines.Select(m => m.Groups[1].Value));
        // the issue's peak in CPU time (libtorch SGEMM on one thread, thread CPU clock), and each shape's share of it
        var cpuPeak = Regex.Match(r.Stdout, @"SGEMM peak .*: [0-9.]+ GFLOP/s; in CPU time on 1 thread: ([0-9.]+) GFLOP per CPU second");
        Assert.True(cpuPeak.Success, r.Stdout);
        Assert.True(double.Parse(cpuPeak.Groups[1].Value, CultureInfo.InvariantCulture) > 0);
        var shares = Regex.Matches(r.Stdout, @"; ([0-9.]+) GFLOP per thread CPU second\) = ([0-9.]+)% of the SGEMM peak in CPU time \(([0-9.]+) GFLOP per thread CPU second, libtorch, 1 thread");
        Assert.Equal(3, shares.Count);
        foreach (Match m in shares)
        {
            double Value(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
            Assert.Equal(cpuPeak.Groups[1].Value, m.Groups[3].Value);
            Assert.InRange(Value(2), 0.95 * 100 * Value(1) / Value(3) - 0.1, 1.05 * 100 * Value(1) / Value(3) + 0.1); // the share is the rate over the peak
        }
        var breakout = lines[0].Groups;
        Assert.Equal("38.57", breakout[2].Value);  // counted from the shape: forward and weight gradients of all layers, input gradients above the first
        Assert.Equal("14.25", breakout[3].Value);  // θ, m, v read and written, weights read twice (MemberStepTraffic)
        foreach (Match m in lines)
        {
            double Value(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
            Assert.True(Value(5) > 0 && Value(7) > 0, m.Value);
            Assert.InRange(Value(6), 0.99 * Value(5) / Value(4) - 0.1, 1.01 * Value(5) / Value(4) + 0.1); // the per-thread peak is the sum over the threads
            Assert.InRange(Value(8), 0.1, 100);
            Assert.True(Value(9) > 0, m.Value);
        }
    }
}
