using Hades.Core;
using Hades.Core.Runs;
using Hades.Host.Dashboard;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Dashboard;

public sealed class RunFolderScannerTests : IDisposable
{
    readonly TempDir dir = new();

    [Fact]
    public void Lists_runs_and_campaign_runs_with_figures_from_metrics_csv_and_ignores_other_folders()
    {
        DashboardFixtures.Run(dir.Sub("done"), total: 4, done: 4);
        DashboardFixtures.Run(dir.Sub("half"), total: 4, done: 2, seed: 9);
        DashboardFixtures.Run(dir.Sub("fresh"), total: 4, done: 0);
        DashboardFixtures.Campaign(dir.Sub("camp"), ("e1", 3, 3), ("e2", 3, 0));
        Directory.CreateDirectory(dir.Sub("junk"));
        File.WriteAllText(Path.Combine(dir.Sub("junk"), "notes.txt"), "not a run");
        Directory.CreateDirectory(dir.Sub("broken"));
        File.WriteAllText(Path.Combine(dir.Sub("broken"), "config.json"), "{ not json");

        var catalog = new RunFolderScanner([dir.Path]).Scan();

        Assert.Equal(["camp~e1", "camp~e2", "done", "fresh", "half"], catalog.Runs.Select(r => r.Id));
        var half = catalog.Run("half")!;
        var rows = DashboardFixtures.Records(2);
        Assert.Equal(("half", "cartpole", "HaDES-R", "R", 9UL, 2, 4), (half.Name, half.Task, half.Method, half.Mode, half.Seed, half.Generations, half.TotalGenerations));
        Assert.Equal(rows.Max(r => r.MaxFitness), half.BestFitness);
        Assert.Equal(rows[^1].MeanFitness, half.MeanFitness);
        Assert.Equal(rows[^1].EvalReturn, half.EvalReturn);
        Assert.Equal(RunStatus.Running, half.Status);          // its files were written just now
        Assert.Equal(RunStatus.Finished, catalog.Run("done")!.Status);
        Assert.Equal(RunStatus.NotStarted, catalog.Run("fresh")!.Status);
        Assert.Null(catalog.Run("fresh")!.BestFitness);
        Assert.Equal("camp/e1", catalog.Run("camp~e1")!.Name);
        Assert.Equal("camp", catalog.Run("camp~e1")!.Campaign);

        var campaign = Assert.Single(catalog.Campaigns);
        Assert.Equal(("camp", 2, 1, RunStatus.Stopped), (campaign.Name, campaign.Experiments, campaign.Finished, campaign.Status));
        Assert.Equal(["camp~e1", "camp~e2"], campaign.RunIds);
    }

    [Fact]
    public void Ppo_and_distillation_run_dirs_are_listed_with_their_method_and_budget()
    {
        string ppo = dir.Sub("ppo"), distil = dir.Sub("distil");
        new Hades.Core.Baselines.Ppo.PpoRunFile(new Hades.Core.Baselines.Ppo.PpoConfig { Task = "acrobot", Seed = 5 }, Iterations: 7).CreateOrMatch(ppo);
        new RunMetricsWriter(new RunDirectory(ppo)).Write(DashboardFixtures.Records(3));
        DistilRunFile.CreateOrMatch(new Hades.Core.DataFree.DistilConfig { Task = "cartpole", Steps = 1000, ChunkSteps = 100 }, distil);
        new RunMetricsWriter(new RunDirectory(distil)).Write(DashboardFixtures.Records(10));

        var catalog = new RunFolderScanner([dir.Path]).Scan();

        var p = catalog.Run("ppo")!;
        Assert.Equal(("acrobot", "PPO", 5UL, 3, 7), (p.Task, p.Method, p.Seed, p.Generations, p.TotalGenerations));
        var d = catalog.Run("distil")!;
        Assert.Equal(("cartpole", "GAS-style (reconstruction)", 10, 10, RunStatus.Finished), (d.Task, d.Method, d.Generations, d.TotalGenerations, d.Status));
    }

    [Fact]
    public void Status_of_a_run_in_another_process_follows_the_age_of_its_files()
    {
        var half = DashboardFixtures.Run(dir.Sub("half"), total: 4, done: 2);
        var fresh = DashboardFixtures.Run(dir.Sub("fresh"), total: 4, done: 0);
        File.WriteAllText(fresh.JournalFile, ""); // a run process opened its journal but finished no generation yet
        var later = DateTime.UtcNow;
        var scanner = new RunFolderScanner([dir.Path], utcNow: () => later);

        Assert.Equal(RunStatus.Running, scanner.Scan().Run("half")!.Status);
        Assert.Equal(RunStatus.Running, scanner.Scan().Run("fresh")!.Status);

        later = DateTime.UtcNow + RunFolderScanner.ActiveWindow + TimeSpan.FromMinutes(1);
        Assert.Equal(RunStatus.Stopped, scanner.Scan().Run("half")!.Status);
        Assert.Equal(RunStatus.NotStarted, scanner.Scan().Run("fresh")!.Status);

        new RunMetricsWriter(half).Write(DashboardFixtures.Records(4));
        Assert.Equal(RunStatus.Finished, scanner.Scan().Run("half")!.Status);
    }

    [Fact]
    public void Campaign_experiments_marked_failed_read_failed_with_their_error_and_a_done_one_stays_done()
    {
        string campaign = dir.Sub("study");
        DashboardFixtures.StagedCampaign(campaign);
        DashboardFixtures.Age(Path.Combine(campaign, "data-seed1"), TimeSpan.FromHours(1)); // its process is gone: stopped, unless marked
        var scanner = new RunFolderScanner([dir.Path]);
        Assert.Equal(ExperimentStatus.Stopped, scanner.Scan().Campaign("study")!.Planned.Single(e => e.Name == "data-seed1").Status);

        ExperimentFailure.Write(Path.Combine(campaign, "data-seed1"), "evaluator failed 3 times\n(second line)");
        ExperimentFailure.Write(Path.Combine(campaign, "zs"), "zero-shot needs two datasets");    // a stage without a folder
        ExperimentFailure.Write(Path.Combine(campaign, "data-seed0"), "an earlier attempt failed"); // finished since: done wins
        var catalog = scanner.Scan();
        var planned = catalog.Campaign("study")!.Planned.ToDictionary(e => e.Name);
        Assert.Equal((ExperimentStatus.Failed, "evaluator failed 3 times (second line)"), (planned["data-seed1"].Status, planned["data-seed1"].Error));
        Assert.Equal((ExperimentStatus.Failed, "zero-shot needs two datasets"), (planned["zs"].Status, planned["zs"].Error));
        Assert.Equal((ExperimentStatus.Done, (string?)null), (planned["data-seed0"].Status, planned["data-seed0"].Error));
        var run = catalog.Run("study~data-seed1")!;
        Assert.Equal((RunStatus.Failed, "evaluator failed 3 times (second line)"), (run.Status, run.Error));
        Assert.Null(catalog.Run("study~data-seed0")!.Error);
        Assert.Equal(RunStatus.Failed, catalog.Campaign("study")!.Status);

        ExperimentFailure.Clear(Path.Combine(campaign, "data-seed1")); // the campaign started it again
        Assert.Equal(ExperimentStatus.Stopped, scanner.Scan().Campaign("study")!.Planned.Single(e => e.Name == "data-seed1").Status);
    }

    [Fact]
    public void Runs_of_this_process_take_their_status_from_the_feed()
    {
        var run = DashboardFixtures.Run(dir.Sub("mine"), total: 4, done: 2);
        DashboardFixtures.Age(run.Path, TimeSpan.FromHours(1));
        var feed = new DashboardFeed();
        var scanner = new RunFolderScanner([dir.Path], feed);
        Assert.Equal(RunStatus.Stopped, scanner.Scan().Run("mine")!.Status);
        feed.RunStarted(run.Path);
        Assert.Equal(RunStatus.Running, scanner.Scan().Run("mine")!.Status);
        feed.RunEnded(run.Path, RunStatus.Failed);
        Assert.Equal(RunStatus.Failed, scanner.Scan().Run("mine")!.Status);
    }

    [Fact]
    public void A_root_may_be_a_run_or_a_campaign_equal_names_get_distinct_ids_and_overlapping_roots_list_a_run_once()
    {
        DashboardFixtures.Run(Path.Combine(dir.Sub("a"), "x"), total: 2, done: 1);
        DashboardFixtures.Run(Path.Combine(dir.Sub("b"), "x"), total: 2, done: 2);
        DashboardFixtures.Campaign(dir.Sub("c"), ("e1", 2, 0));
        var catalog = new RunFolderScanner([Path.Combine(dir.Sub("a"), "x"), Path.Combine(dir.Sub("b"), "x"), dir.Sub("c"), dir.Sub("a"), dir.Path]).Scan();
        Assert.Equal(["x", "x-2", "c~e1"], catalog.Runs.Select(r => r.Id));
        Assert.Equal((1, 2), (catalog.Run("x")!.Generations, catalog.Run("x-2")!.Generations));
        Assert.Equal("c", Assert.Single(catalog.Campaigns).Id);
    }

    [Fact]
    public void Missing_roots_are_refused_with_one_line_and_roots_made_later_appear()
    {
        var e = Assert.Throws<HadesUserException>(() => RunFolderScanner.CheckRoots([dir.Sub("nope")]));
        Assert.Equal($"runs dir not found: {dir.Sub("nope")}", e.Message);

        var scanner = new RunFolderScanner([dir.Sub("later")]);
        Assert.Empty(scanner.Scan().Runs);
        DashboardFixtures.Run(dir.Sub("later"), total: 2, done: 1);
        Assert.Equal("later", Assert.Single(scanner.Scan().Runs).Id);
    }

    [Fact]
    public void Metrics_reader_takes_every_well_formed_row_and_skips_the_rest()
    {
        var records = MetricsReader.Parse([RunMetricsWriter.Header, "0,1.5,2,3,0.25", "garbage", "1,x,2,3,4", "2,4,5,6,0.5", "3,1,2"]);
        Assert.Equal([new GenerationRecord(0, 1.5, 2, 3, 0.25), new GenerationRecord(2, 4, 5, 6, 0.5)], records);
    }

    [Fact]
    public void Watcher_publishes_new_generations_and_status_changes_but_not_the_history()
    {
        var run = DashboardFixtures.Run(dir.Sub("r"), total: 4, done: 2);
        var feed = new DashboardFeed();
        using var events = feed.Subscribe();
        var watcher = new RunFolderWatcher(new RunFolderScanner([dir.Path], feed), feed, TimeSpan.FromHours(1));
        try
        {
            watcher.Poll();
            Assert.False(events.Events.TryRead(out _)); // generations 0 and 1 are history

            feed.Publish(new GenerationEvent(run.Path, DashboardFixtures.Records(3)[2], 4)); // this process saw generation 2 first
            Assert.True(events.Events.TryRead(out var published));
            new RunMetricsWriter(run).Write(DashboardFixtures.Records(4));
            watcher.Poll();
            var seen = Drain(events);
            var generation = Assert.IsType<GenerationEvent>(seen[0]);
            Assert.Equal((run.Path, 3, 4), (generation.RunPath, generation.Record.Generation, generation.TotalGenerations));
            Assert.Equal(DashboardFixtures.Records(4)[3], generation.Record);
            Assert.Equal(new StatusEvent(run.Path, RunStatus.Finished), seen[1]);
            Assert.Equal(2, seen.Count);

            watcher.Poll();
            Assert.Empty(Drain(events));
        }
        finally { watcher.DisposeAsync().AsTask().Wait(); }
    }

    [Fact]
    public void A_new_run_in_a_watched_folder_is_announced_and_its_generations_go_out_again()
    {
        var run = DashboardFixtures.Run(dir.Sub("r"), total: 4, done: 3);
        var feed = new DashboardFeed();
        using var events = feed.Subscribe();
        var watcher = new RunFolderWatcher(new RunFolderScanner([dir.Path], feed), feed, TimeSpan.FromHours(1));
        try
        {
            new RunMetricsWriter(run).Write(DashboardFixtures.Records(1)); // the folder was emptied and a new run finished its first generation
            watcher.Poll();
            Assert.Equal([new StatusEvent(run.Path, RunStatus.Running)], Drain(events));
            new RunMetricsWriter(run).Write(DashboardFixtures.Records(2));
            watcher.Poll();
            Assert.Equal(1, Assert.IsType<GenerationEvent>(Assert.Single(Drain(events))).Record.Generation);
        }
        finally { watcher.DisposeAsync().AsTask().Wait(); }
    }

    static List<DashboardEvent> Drain(DashboardFeed.Subscription s)
    {
        var list = new List<DashboardEvent>();
        while (s.Events.TryRead(out var e)) list.Add(e);
        return list;
    }

    public void Dispose() => dir.Dispose();
}
