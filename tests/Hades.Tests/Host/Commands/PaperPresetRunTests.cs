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
    public void Direct_es_with_an_env_step_budget_stops_at_the_first_generation_reaching_it()
    {
        string run = dir.Sub("budget");
        // 8 candidates × 1 env × 20 steps = 160 env steps per generation: 400 are reached in the third generation
        var r = HadesProcess.Run("run", "--task", "cartpole", "--method", "direct-es", "--population", "8", "--generations", "500",
            "--hidden", "8", "--episodes", "1", "--eval-policies", "1", "--fitness-protocol", "finished-mean", "--fitness-steps", "20",
            "--env-step-budget", "400", "--final-eval-episodes", "2", "--run-dir", run);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("(stopped: env-step budget 400 reached)", r.Stdout);
        var steps = File.ReadAllLines(Path.Combine(run, "metrics.csv"))[1..].Select(l => long.Parse(l.Split(',')[5])).ToArray();
        Assert.Equal(8 * 20, steps[0]); // the step-budget protocol plays exactly its steps
        Assert.Equal([160L, 160L, 160L], steps);
        var summary = Summary(run);
        Assert.Equal(400, (long)summary["env_step_budget"]!);
        Assert.Equal(steps.Sum(), (long)summary["env_steps"]!);
        Assert.Equal(steps.Length, (int)summary["generations"]!);
        Assert.Equal(400, (long)Config(run)["env_step_budget"]!);
    }

    [Fact]
    public void A_negative_env_step_budget_is_one_line_on_stderr()
    {
        var r = HadesProcess.Run("run", "--task", "cartpole", "--env-step-budget", "-3", "--run-dir", dir.Sub("negative"));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("hades: error: --env-step-budget expects a non-negative integer", r.Stderr);
        Assert.False(Directory.Exists(dir.Sub("negative")));
    }

    [Fact]
    public void An_unknown_preset_is_one_line_on_stderr()
    {
        var r = HadesProcess.Run("run", "--task", "breakout", "--preset", "fast", "--run-dir", dir.Sub("bad"));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("hades: error: unknown preset 'fast'", r.Stderr);
        Assert.False(Directory.Exists(dir.Sub("bad")));
    }

    /// <summary>Hopper's paper preset normalises observations with each policy's own running statistics, which start
    /// afresh at every evaluation: nothing beyond the journal is needed, and a run stopped at generation 2 and resumed
    /// to 4 ends with the same bytes as an uninterrupted run of 4.</summary>
    [Hades.Tests.Core.Envs.Mujoco.MujocoFact]
    public void Hopper_paper_run_with_running_normalisation_resumes_byte_identical()
    {
        string[] options = ["--task", "hopper", "--preset", "paper", "--population", "4", "--dataset-size", "4", "--hidden", "8",
            "--inner-steps", "3", "--episodes", "2", "--fitness-steps", "40", "--eval-policies", "1", "--batch-size", "2",
            "--snapshot-every", "3", "--final-eval-episodes", "2", "--quiet"];
        string reference = dir.Sub("hopper-ref"), resumed = dir.Sub("hopper-resumed");
        var clean = HadesProcess.Run(["run", "--run-dir", reference, "--generations", "4", .. options]);
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.Equal("running", (string)Config(reference)["obs_norm"]!);
        var first = HadesProcess.Run(["run", "--run-dir", resumed, "--generations", "2", .. options]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var rest = HadesProcess.Run("resume", resumed, "--generations", "4", "--quiet");
        Assert.True(rest.ExitCode == 0, rest.Stderr);
        foreach (var file in new[] { "dataset.json", "best-dataset.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, file)), File.ReadAllBytes(Path.Combine(resumed, file)));
        static string[] FitnessColumns(string run) => File.ReadAllLines(Path.Combine(run, "metrics.csv"))
            .Select(l => l.Split(',')).Select(c => string.Join(",", c[0], c[1], c[2], c[3], c[5])).ToArray();
        Assert.Equal(FitnessColumns(reference), FitnessColumns(resumed));
        Assert.Equal((double)Summary(reference)["final_eval_mean"]!, (double)Summary(resumed)["final_eval_mean"]!);
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
