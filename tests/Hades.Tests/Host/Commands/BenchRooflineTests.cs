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

    [Theory]
    [InlineData("--suite", "nope")]
    [InlineData("--suite", "issue18", "--task", "cartpole")]
    public void Bench_suite_takes_a_known_name_and_no_experiment_options(params string[] args)
    {
        var r = HadesProcess.Run(["bench", .. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("hades: error:", r.Stderr.Trim());
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }
}
