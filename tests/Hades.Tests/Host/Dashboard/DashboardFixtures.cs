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
        if (done > 0) run.WriteMetrics(Records(done));
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

    /// <summary>Makes a run's files look untouched for a while (as if its process had stopped).</summary>
    public static void Age(string runPath, TimeSpan by)
    {
        foreach (var file in Directory.EnumerateFiles(runPath))
            File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file) - by);
    }
}
