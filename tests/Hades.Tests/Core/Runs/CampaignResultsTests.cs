using Hades.Core.Runs;

namespace Hades.Tests.Core.Runs;

/// <summary>results.csv/results.md of a campaign: seeds aggregated to mean ± standard error and n, per-run rows kept.</summary>
public sealed class CampaignResultsTests
{
    static CampaignResults.Row Run(string name, string task, string method, double score, string kind = "hades") =>
        new(name, kind, task, method, "10 generations", name[^1..], score, "/r/" + name);

    [Fact]
    public void Seeds_are_aggregated_to_mean_standard_error_and_n()
    {
        var rows = new[]
        {
            Run("a0", "cartpole", "HaDES-R", 100), Run("a1", "cartpole", "HaDES-R", 200), Run("a2", "cartpole", "HaDES-R", 300),
            Run("b0", "acrobot", "HaDES-R", -90),
        };
        var groups = CampaignResults.Aggregate(rows);
        var cartpole = groups.Single(g => g.Task == "cartpole");
        Assert.Equal(3, cartpole.N);
        Assert.Equal(200, cartpole.Mean, 9);
        Assert.Equal(100 / Math.Sqrt(3), cartpole.StandardError, 9); // sd 100 over 3 seeds
        Assert.True(double.IsNaN(groups.Single(g => g.Task == "acrobot").StandardError));

        var csv = CampaignResults.Csv(rows).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,experiment,kind,task,method,budget,seed,n,mean,se,run_dir", csv[0]);
        Assert.Equal("mean,,hades,cartpole,\"HaDES-R\",\"10 generations\",,3,200,57.735,", csv[1]);
        Assert.Equal("mean,,hades,acrobot,\"HaDES-R\",\"10 generations\",,1,-90,n/a,", csv[2]);
        Assert.Equal(4, csv.Count(l => l.StartsWith("run,")));
        Assert.Contains("| cartpole | HaDES-R | 10 generations | 3 | 200 ± 57.735 |", CampaignResults.Markdown(rows, "t"));
    }

    [Fact]
    public void Runs_of_other_settings_are_other_groups_labelled_by_what_differs_and_seeds_stay_together()
    {
        var quick = RunSettings.Of("""{ "task": "cartpole", "seed": 0, "preset": "quick" }""", "q");
        var quickOtherSeed = RunSettings.Of("""{ "task": "cartpole", "seed": 1, "preset": "quick" }""", "q1");
        var paper = RunSettings.Of("""{ "task": "cartpole", "seed": 0, "preset": "paper" }""", "p");
        var rows = new[]
        {
            Run("q0", "cartpole", "HaDES-R", 100) with { Settings = quick }, Run("q1", "cartpole", "HaDES-R", 200) with { Settings = quickOtherSeed },
            Run("p0", "cartpole", "HaDES-R", 400) with { Settings = paper },
        };
        var groups = CampaignResults.Aggregate(rows);
        Assert.Equal([("HaDES-R (preset=quick)", 2, 150.0), ("HaDES-R (preset=paper)", 1, 400.0)], groups.Select(g => (g.Method, g.N, g.Mean)));
        Assert.Contains("| cartpole | HaDES-R (preset=paper) | 10 generations | 1 | 400 ± n/a |", CampaignResults.Markdown(rows, "t"));
    }

    [Fact]
    public void Zero_shot_rows_form_a_per_task_versus_zero_shot_table()
    {
        var rows = new[]
        {
            Run("z0", "cartpole", CampaignResults.PerTaskNormalised, 0.9, "zero-shot"), Run("z0", "cartpole", CampaignResults.ZeroShotNormalised, 0.5, "zero-shot"),
            Run("z1", "cartpole", CampaignResults.PerTaskNormalised, 0.7, "zero-shot"), Run("z1", "cartpole", CampaignResults.ZeroShotNormalised, 0.3, "zero-shot"),
        };
        var md = CampaignResults.Markdown(rows, "t");
        Assert.Contains("| task | per-task policy | zero-shot agent | n |", md);
        Assert.Contains("| cartpole | 0.8 ± 0.1 | 0.4 ± 0.1 | 2 |", md);
    }
}
