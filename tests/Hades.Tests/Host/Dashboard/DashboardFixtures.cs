using Hades.Core.Runs;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Dashboard;

/// <summary>Run and campaign folders as the real commands leave them, written through <see cref="RunDirectory"/>.</summary>
static class DashboardFixtures
{
    /// <summary>Generation records whose best max fitness is not the last one.</summary>
    public static IReadOnlyList<GenerationRecord> Records(int count) =>
        Enumerable.Range(0, count).Select(g => new GenerationRecord(g, 10 + 2 * g, g == 1 ? 90 : 20 + g, 15 + 3 * g, 0.5)).ToList();

    public static RunDirectory Run(string path, int total, int done, ulong seed = 3)
    {
        var run = new RunDirectory(path);
        run.CreateOrMatch(TestConfigs.Tiny(total) with { Seed = seed });
        if (done > 0) new RunMetricsWriter(run).Write(Records(done));
        return run;
    }

    /// <summary>A campaign folder (campaign.json with the listed experiments) and a run folder per experiment.</summary>
    public static void Campaign(string path, params (string Name, int Total, int Done)[] experiments)
    {
        Directory.CreateDirectory(path);
        var list = string.Join(",", experiments.Select(e => $$"""{ "name": "{{e.Name}}", "generations": {{e.Total}} }"""));
        File.WriteAllText(Path.Combine(path, "campaign.json"), $$"""{ "name": "{{Path.GetFileName(path)}}", "base": { "task": "cartpole" }, "experiments": [{{list}}] }""");
        foreach (var e in experiments) Run(Path.Combine(path, e.Name), e.Total, e.Done);
    }

    /// <summary>Generation records whose eval return is <paramref name="evalStart"/> + generation (fitness alike).</summary>
    public static IReadOnlyList<GenerationRecord> Line(int count, double evalStart) =>
        Enumerable.Range(0, count).Select(g => new GenerationRecord(g, evalStart - 5 + g, evalStart + 5 + g, evalStart + g, 0.5)).ToList();

    /// <summary>
    /// A multi-stage campaign as `hades campaign` leaves it part-way: campaign.json with a "data" stage of two seeds
    /// (data-seed0 done: 4 of 4 generations, eval return 10 + g; data-seed1 running: 3 of 4, eval return 14 + g), a
    /// plain HaDES experiment "acro" created but not started, and a zero-shot experiment "zs" needing "data", not
    /// begun (no folder). With <paramref name="results"/>, results.csv and results.md as the campaign code writes them.
    /// </summary>
    public static void StagedCampaign(string path, IReadOnlyList<CampaignResults.Row>? results = null)
    {
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "campaign.json"), """
            { "name": "study", "base": { "task": "cartpole", "generations": 4 },
              "experiments": [
                { "name": "data", "grid": { "seed": [0, 1] } },
                { "name": "acro", "task": "acrobot" },
                { "name": "zs", "kind": "zero-shot", "needs": ["data"] } ] }
            """);
        new RunMetricsWriter(Run(Path.Combine(path, "data-seed0"), total: 4, done: 0, seed: 0)).Write(Line(4, 10));
        new RunMetricsWriter(Run(Path.Combine(path, "data-seed1"), total: 4, done: 0, seed: 1)).Write(Line(3, 14));
        Run(Path.Combine(path, "acro"), total: 4, done: 0);
        Age(Path.Combine(path, "acro"), TimeSpan.FromHours(1));
        if (results is null) return;
        File.WriteAllText(Path.Combine(path, "results.csv"), CampaignResults.Csv(results));
        File.WriteAllText(Path.Combine(path, "results.md"), CampaignResults.Markdown(results, "Campaign study: results"));
    }

    /// <summary>Two runs' final scores, as results rows.</summary>
    public static IReadOnlyList<CampaignResults.Row> Results(string campaignPath) =>
    [
        new("data-seed0", "hades", "cartpole", "HaDES-R", "4 generations", "0", 13, Path.Combine(campaignPath, "data-seed0")),
        new("data-seed1", "hades", "cartpole", "HaDES-R", "4 generations", "1", 17, Path.Combine(campaignPath, "data-seed1")),
    ];

    /// <summary>Makes a run's files look untouched for a while (as if its process had stopped).</summary>
    public static void Age(string runPath, TimeSpan by)
    {
        foreach (var file in Directory.EnumerateFiles(runPath))
            File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file) - by);
    }
}
