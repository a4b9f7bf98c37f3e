using System.Text.Json.Nodes;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>The CLI contract: run writes dataset.json, metrics.csv and the journal; eval and help work.</summary>
public sealed class CommandLineTests(FinishedRunFixture finished) : IClassFixture<FinishedRunFixture>
{
    [Fact]
    public void Run_writes_the_documented_outputs()
    {
        var dataset = JsonNode.Parse(File.ReadAllText(Path.Combine(finished.RunDir, "dataset.json")))!.AsObject();
        Assert.Equal("cartpole", dataset["task"]!.GetValue<string>());
        var states = dataset["states"]!.AsArray();
        Assert.Equal(2, states.Count);
        Assert.All(states, s => Assert.Equal(4, s!.AsArray().Count));
        Assert.Equal([0, 1], dataset["labels"]!.AsArray().Select(l => l!.GetValue<int>()));

        var metrics = File.ReadAllLines(Path.Combine(finished.RunDir, "metrics.csv"));
        Assert.Equal("generation,mean_fitness,max_fitness,eval_return,seconds,env_steps", metrics[0]);
        Assert.All(metrics[1..], l => Assert.True(long.Parse(l.Split(',')[5]) > 0, l));
        Assert.Equal(4, metrics.Length);
        Assert.Equal(["0", "1", "2"], metrics[1..].Select(l => l.Split(',')[0]));
        Assert.True(File.Exists(Path.Combine(finished.RunDir, "journal.db")));
        Assert.True(File.Exists(Path.Combine(finished.RunDir, "config.json")));
        Assert.True(File.Exists(Path.Combine(finished.RunDir, "summary.json")));
        Assert.True(File.Exists(Path.Combine(finished.RunDir, "best-dataset.json")));
        Assert.True(File.Exists(Path.Combine(finished.RunDir, "best-dataset.npz")));
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Eval_prints_a_mean_return()
    {
        var r = HadesProcess.Run("eval", finished.RunDir, "--episodes", "3", "--hidden", "32");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"mean return \d+(\.\d+)? ± [\d.]+ .* over 3 episodes", r.Stdout);
    }

    [Fact]
    public void Eval_accepts_a_bare_dataset_file()
    {
        var r = HadesProcess.Run("eval", Path.Combine(finished.RunDir, "dataset.json"), "--episodes", "2");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("cartpole: mean return", r.Stdout);
    }

    [Fact]
    public void Resume_of_a_finished_run_changes_nothing_in_the_dataset()
    {
        using var scratch = new TempDir();
        string copy = finished.Copy(scratch);
        var before = File.ReadAllBytes(Path.Combine(copy, "dataset.json"));
        var r = HadesProcess.Run("resume", copy, "--final-eval-episodes", "0", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(copy, "dataset.json")));
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Resume_with_more_generations_extends_a_finished_run_to_the_longer_runs_dataset()
    {
        using var scratch = new TempDir();
        string extended = finished.Copy(scratch);
        var r = HadesProcess.Run("resume", extended, "--generations", "5", "--final-eval-episodes", "0", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(extended, "metrics.csv")).Length);

        string direct = scratch.Sub("direct");
        var options = FinishedRunFixture.TinyOptions.Select(o => o == "3" ? "5" : o).ToArray();
        var d = HadesProcess.Run(["run", "--run-dir", direct, "--quiet", .. options]);
        Assert.True(d.ExitCode == 0, d.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(direct, "dataset.json")), File.ReadAllBytes(Path.Combine(extended, "dataset.json")));

        var lower = HadesProcess.Run("resume", extended, "--generations", "2", "--quiet");
        Assert.NotEqual(0, lower.ExitCode);
        Assert.Contains("can only be extended", lower.Stderr);
        Assert.Equal(5, JsonNode.Parse(File.ReadAllText(Path.Combine(extended, "config.json")))!["generations"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("run", "--help")]
    [InlineData("resume", "--help")]
    [InlineData("eval", "--help")]
    [InlineData("bench", "--help")]
    public void Help_explains_and_exits_zero(params string[] args)
    {
        var r = HadesProcess.Run(args);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("usage: hades", r.Stdout);
    }
}
