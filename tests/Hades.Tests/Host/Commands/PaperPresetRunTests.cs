using System.Text.Json.Nodes;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>`hades run --preset paper` end to end: config.json records the preset's settings, options still
/// override it, and the run dir holds the best dataset and a measured env-step count.</summary>
public sealed class PaperPresetRunTests : IDisposable
{
    readonly TempDir dir = new();

    static JsonObject Config(string runDir) => JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "config.json")))!.AsObject();
    static JsonObject Summary(string runDir) => JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "summary.json")))!.AsObject();

    [Fact]
    [Trait("Category", "slow")]
    public void Breakout_paper_run_records_the_preset_and_counts_every_protocol_step()
    {
        string run = dir.Sub("breakout");
        // the paper preset, with a shorter step budget per env so the test takes seconds (any option overrides the preset)
        var r = HadesProcess.Run("run", "--task", "breakout", "--preset", "paper", "--population", "16", "--generations", "1",
            "--fitness-steps", "64", "--eval-policies", "2", "--final-eval-episodes", "2", "--run-dir", run, "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var config = Config(run);
        Assert.Equal("paper", (string)config["preset"]!);
        Assert.Equal(0.0, (double)config["sticky_actions"]!);
        Assert.Equal("orthogonal", (string)config["policy_init"]!);
        Assert.Equal("last-finished", (string)config["fitness_protocol"]!);
        Assert.Equal(64, (int)config["fitness_steps"]!);
        Assert.Equal("F", (string)config["mode"]!);
        // HaDES-F: 16 candidates × 1 init × 8 envs × 64 steps, every env plays its whole budget
        Assert.Equal(16 * 8 * 64, (long)Summary(run)["env_steps"]!);
        var best = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "best-dataset.json")))!.AsObject();
        Assert.Equal(0, (int)best["generation"]!);
        Assert.NotNull(Summary(run)["best_final_eval_mean"]);
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Direct_es_baseline_counts_its_env_steps_too()
    {
        string run = dir.Sub("direct");
        var r = HadesProcess.Run("run", "--task", "cartpole", "--method", "direct-es", "--population", "8", "--generations", "2",
            "--hidden", "8", "--episodes", "2", "--eval-policies", "2", "--final-eval-episodes", "2", "--run-dir", run, "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var metrics = File.ReadAllLines(Path.Combine(run, "metrics.csv"))[1..];
        long perGeneration = long.Parse(metrics[0].Split(',')[5]);
        Assert.InRange(perGeneration, 8 * 2 * 8, 8 * 2 * 500); // 16 CartPole episodes: at least 8 steps each, at most 500
        Assert.Equal(metrics.Sum(l => long.Parse(l.Split(',')[5])), (long)Summary(run)["env_steps"]!);
        Assert.True(File.Exists(Path.Combine(run, "best-policy.npz")));
    }

    [Fact]
    public void An_unknown_preset_is_one_line_on_stderr()
    {
        var r = HadesProcess.Run("run", "--task", "breakout", "--preset", "fast", "--run-dir", dir.Sub("bad"));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("hades: error: unknown preset 'fast'", r.Stderr);
        Assert.False(Directory.Exists(dir.Sub("bad")));
    }

    /// <summary>The acceptance command, unchanged (8 envs × 1,024 steps per candidate: tens of seconds here).</summary>
    [Fact]
    [Trait("Category", "slow")]
    public void The_acceptance_command_works_for_breakout()
    {
        string run = dir.Sub("acceptance");
        var r = HadesProcess.Run("run", "--task", "breakout", "--preset", "paper", "--population", "16", "--generations", "1",
            "--run-dir", run, "--final-eval-episodes", "4", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(("paper", 0.0, "orthogonal"), ((string)Config(run)["preset"]!, (double)Config(run)["sticky_actions"]!, (string)Config(run)["policy_init"]!));
        Assert.Equal(16 * 8 * 1024, (long)Summary(run)["env_steps"]!);
        Assert.True(File.Exists(Path.Combine(run, "best-dataset.json")));
    }

    public void Dispose() => dir.Dispose();
}
