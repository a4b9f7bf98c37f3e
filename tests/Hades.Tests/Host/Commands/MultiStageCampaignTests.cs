using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>
/// Multi-stage campaigns through the CLI: PPO experts and HaDES datasets for two tasks, then a zero-shot agent over
/// both (the shape of examples/zero-shot-campaign.json, tiny), run with --parallel; killed with SIGKILL at random
/// moments and started again with the same command it ends with the outputs of an uninterrupted campaign. Bad
/// graphs are refused in one line before anything is written.
/// </summary>
public sealed class MultiStageCampaignTests : IDisposable
{
    readonly TempDir dir = new();

    const string Campaign = """
        {
          "name": "tiny-zero-shot",
          "parallel": 2,
          "experiments": [
            { "name": "expert", "kind": "ppo", "grid": { "task": ["cartpole", "acrobot"], "seed": [0] },
              "iterations": 6, "envs": 4, "steps_per_env": 32 },
            { "name": "data", "grid": { "task": ["cartpole", "acrobot"], "seed": [0] }, "generations": 6, "population_size": 16,
              "dataset_size": 3, "hidden": [16], "inner_steps": 5, "episodes": 1, "eval_policies": 2, "batch_size": 8,
              "inits": 2, "init_aggregate": "mean", "stop_when_solved": 0 },
            { "name": "zs", "kind": "zero-shot", "grid": { "seed": [0] }, "needs": ["data", "expert"], "episodes": 4,
              "inner_steps": 10, "hidden": [32] }
          ]
        }
        """;

    static readonly string[] Datasets = ["data-taskcartpole-seed0", "data-taskacrobot-seed0"];
    static readonly string[] Experts = ["expert-taskcartpole-seed0", "expert-taskacrobot-seed0"];

    string CampaignFile()
    {
        string file = dir.Sub("zs.json");
        File.WriteAllText(file, Campaign);
        return file;
    }

    static HadesProcess.Result Campaign_(string file, string folder) =>
        HadesProcess.Run(TimeSpan.FromMinutes(10), "campaign", file, "--campaign-dir", folder, "--quiet", "--final-eval-episodes", "5");

    [Fact]
    [Trait("Category", "slow")]
    public void A_killed_multi_stage_campaign_finishes_with_the_outputs_of_an_uninterrupted_one()
    {
        string file = CampaignFile(), reference = dir.Sub("reference"), killed = dir.Sub("killed");
        var clean = Campaign_(file, reference);
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.Contains("5 experiments, up to 2 at once", clean.Stdout);

        var random = new System.Random(16);
        int interrupted = 0;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            using var p = HadesProcess.Start("campaign", file, "--campaign-dir", killed, "--quiet", "--final-eval-episodes", "5");
            Thread.Sleep(random.Next(1500, 6000));
            if (!p.HasExited) { p.Kill(); interrupted++; }
            p.WaitForExit();
        }
        Assert.True(interrupted >= 2, "the kills did not land while the campaign ran");
        var finish = Campaign_(file, killed);
        Assert.True(finish.ExitCode == 0, finish.Stderr);

        foreach (var d in Datasets)
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, d, "dataset.json")), File.ReadAllBytes(Path.Combine(killed, d, "dataset.json")));
        foreach (var e in Experts)
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, e, "policy.npz")), File.ReadAllBytes(Path.Combine(killed, e, "policy.npz")));
        string table = File.ReadAllText(Path.Combine(reference, "zs-seed0", "zero-shot.csv"));
        Assert.Equal(table, File.ReadAllText(Path.Combine(killed, "zs-seed0", "zero-shot.csv")));
        Assert.StartsWith("task,per_task_return,zero_shot_return,random_return,ratio,normalised_ratio,expert_return,per_task_normalised,zero_shot_normalised", table);
        Assert.Equal(3, table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "results.csv")).Replace(reference, "DIR"),
            File.ReadAllText(Path.Combine(killed, "results.csv")).Replace(killed, "DIR"));

        var results = File.ReadAllLines(Path.Combine(killed, "results.csv"));
        Assert.Contains(results, l => l.StartsWith("mean,,ppo,cartpole,\"PPO\","));
        Assert.Contains(results, l => l.StartsWith("mean,,hades,acrobot,\"HaDES-R\","));
        Assert.Equal(4, results.Count(l => l.StartsWith("run,") && !l.Contains(",zero-shot,")));
        Assert.Contains("## Zero-shot multi-task agents", File.ReadAllText(Path.Combine(killed, "results.md")));

        var status = HadesProcess.Run("status", killed);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("5/5 experiments finished", status.Stdout);
        Assert.Equal(5, status.Stdout.Split('\n').Count(l => l.Contains(" done ")));
    }

    [Theory]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "a", "needs": ["b"] }, { "name": "b", "needs": ["a"] } ] }""", "cycle")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "a", "needs": ["ghost"] } ] }""", "needs \"ghost\"")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "a", "kind": "teach" } ] }""", "unknown kind")]
    public void Bad_graphs_are_refused_in_one_line_before_anything_is_written(string content, string expected)
    {
        string file = dir.Sub($"bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, content);
        var r = HadesProcess.Run("campaign", file, "--campaign-dir", dir.Sub("never"));
        Assert.Equal(1, r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("hades: error:", r.Stderr);
        Assert.Contains(expected, r.Stderr);
        Assert.NotEqual(0, r.ExitCode);
        Assert.False(Directory.Exists(dir.Sub("never")));
    }

    [Fact]
    public void A_parallel_of_zero_is_a_usage_error()
    {
        var r = HadesProcess.Run("campaign", CampaignFile(), "--campaign-dir", dir.Sub("never"), "--parallel", "0");
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith("hades: error: --parallel must be a positive integer", r.Stderr);
        Assert.False(Directory.Exists(dir.Sub("never")));
    }

    public void Dispose() => dir.Dispose();
}
