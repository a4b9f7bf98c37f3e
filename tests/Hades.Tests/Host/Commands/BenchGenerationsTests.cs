using System.Text.RegularExpressions;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>`hades bench --task T --generations N` measures N generations (issue 15 met
/// `bench --task breakout --preset paper --population 2 --generations 2` failing with "Sequence contains no elements";
/// later --generations was silently ignored and 3 generations were measured).</summary>
public class BenchGenerationsTests
{
    [Fact]
    public void Paper_breakout_at_population_2_measures_the_generations_asked_for()
    {
        // the paper preset's protocol with a small network: 2 candidates × 1 init × 8 envs × 1,024 steps per generation
        var r = HadesProcess.Run("bench", "--task", "breakout", "--preset", "paper", "--population", "2", "--generations", "2",
            "--hidden", "8,8", "--inner-steps", "2");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var generations = Regex.Matches(r.Stdout, @"^  generation (\d+): .* mean fitness [-0-9.]+, (\d+) env steps$", RegexOptions.Multiline);
        Assert.Equal(["1", "2"], generations.Select(m => m.Groups[1].Value));
        Assert.All(generations, m => Assert.Equal("16384", m.Groups[2].Value));
        Assert.Contains("seconds per generation:", r.Stdout);
    }

    [Fact]
    public void Repeats_still_sets_the_measured_generations()
    {
        var r = HadesProcess.Run("bench", "--task", "cartpole", "--population", "4", "--dataset-size", "2", "--hidden", "8",
            "--inner-steps", "3", "--episodes", "1", "--inits", "1", "--batch-size", "4", "--repeats", "1", "--start", "zero");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Single(Regex.Matches(r.Stdout, @"^  generation \d+: ", RegexOptions.Multiline));
    }

    /// <summary>Benchmarks time steady-state code: the command reruns itself untiered, unless tiering was chosen.</summary>
    [Fact]
    public void The_bench_runs_untiered_unless_the_user_chose_tiered_compilation()
    {
        string[] args = ["bench", "--task", "cartpole", "--population", "4", "--dataset-size", "2", "--hidden", "8",
            "--inner-steps", "3", "--episodes", "1", "--inits", "1", "--batch-size", "4", "--repeats", "1", "--start", "zero"];
        var untiered = HadesProcess.Run(TimeSpan.FromMinutes(3), args);
        Assert.True(untiered.ExitCode == 0, untiered.Stderr + untiered.Stdout);
        Assert.Matches(@"(?m)^bench: cartpole, .*, tiered compilation off$", untiered.Stdout);
        Assert.Single(Regex.Matches(untiered.Stdout, @"^  generation \d+: ", RegexOptions.Multiline)); // printed once: by the rerun only
        var tiered = HadesProcess.Run(new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "1" }, TimeSpan.FromMinutes(3), args);
        Assert.True(tiered.ExitCode == 0, tiered.Stderr + tiered.Stdout);
        Assert.Matches(@"(?m)^bench: cartpole, .*, tiered compilation on \(DOTNET_TieredCompilation=1\)$", tiered.Stdout);
    }
}
