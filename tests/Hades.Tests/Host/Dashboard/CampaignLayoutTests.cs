using Hades.Core.Runs;
using Hades.Host.Dashboard;
using Hades.Host.Hosting;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Dashboard;

/// <summary>How the dashboard reads a campaign's plan: experiments of every kind, their stages and seed groups,
/// and the statuses of experiments that hold no run.</summary>
public sealed class CampaignLayoutTests : IDisposable
{
    readonly TempDir dir = new();

    [Fact]
    public void Experiments_of_every_kind_in_plan_order_with_stage_needs_and_seed_group()
    {
        DashboardFixtures.StagedCampaign(dir.Sub("study"));
        var plan = CampaignLayout.Read(dir.Sub("study"), _ => false);
        Assert.Equal([("data-seed0", "hades", "data"), ("data-seed1", "hades", "data"), ("acro", "hades", "hades"), ("zs", "zero-shot", "zero-shot")],
            plan.Select(e => (e.Name, e.Kind, e.Stage)));
        Assert.Equal(["data"], plan[3].Needs);
        Assert.Equal(plan[0].SeedGroup, plan[1].SeedGroup);  // equal but for the seed
        Assert.NotEqual(plan[0].SeedGroup, plan[2].SeedGroup);
    }

    [Fact]
    public void A_distillation_campaigns_experiments_are_distil_and_an_unreadable_plan_lists_the_run_folders()
    {
        Directory.CreateDirectory(dir.Sub("dfc"));
        File.WriteAllText(Path.Combine(dir.Sub("dfc"), "campaign.json"),
            """{ "name": "dfc", "kind": "distil", "base": { "task": "cartpole" }, "grid": { "method": ["gas", "uniform"], "seed": [0, 1] } }""");
        var plan = CampaignLayout.Read(dir.Sub("dfc"), _ => false);
        Assert.Equal(["methodgas-seed0", "methodgas-seed1", "methoduniform-seed0", "methoduniform-seed1"], plan.Select(e => e.Name));
        Assert.All(plan, e => Assert.Equal(("distil", "distil"), (e.Kind, e.Stage)));
        Assert.Equal(2, plan.Select(e => e.SeedGroup).Distinct().Count());

        DashboardFixtures.Campaign(dir.Sub("broken"), ("e1", 2, 1));
        File.WriteAllText(Path.Combine(dir.Sub("broken"), "campaign.json"), "{ not json");
        Directory.CreateDirectory(Path.Combine(dir.Sub("broken"), "notes"));
        var fallback = CampaignLayout.Read(dir.Sub("broken"), f => File.Exists(Path.Combine(f, "config.json")));
        Assert.Equal(["e1"], fallback.Select(e => e.Name));
    }

    [Fact]
    public void A_zero_shot_experiment_is_done_once_its_table_is_written_and_stopped_when_its_folder_stands_still()
    {
        DashboardFixtures.StagedCampaign(dir.Sub("study"));
        string zs = Path.Combine(dir.Sub("study"), "zs");
        Status(new RunFolderScanner([dir.Path]), "queued");
        Directory.CreateDirectory(zs);
        File.WriteAllText(Path.Combine(zs, "partial.txt"), "");
        Status(new RunFolderScanner([dir.Path]), "running");
        Status(new RunFolderScanner([dir.Path], utcNow: () => DateTime.UtcNow + TimeSpan.FromMinutes(5)), "stopped");
        File.WriteAllText(Path.Combine(zs, CampaignStageJobs.ZeroShotFile), "task,score\n");
        Status(new RunFolderScanner([dir.Path]), "done");

        static void Status(RunFolderScanner scanner, string expected) =>
            Assert.Equal(expected, Assert.Single(scanner.Scan().Campaigns).Planned.Single(e => e.Name == "zs").Status);
    }

    public void Dispose() => dir.Dispose();
}
