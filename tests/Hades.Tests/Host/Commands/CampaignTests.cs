using System.Diagnostics;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>Campaigns: a killed campaign, started again, finishes every experiment exactly as an
/// uninterrupted one; status reads progress from the journal; bad campaign files are refused in one line.</summary>
public sealed class CampaignTests : IDisposable
{
    readonly TempDir dir = new();

    const string Campaign = """
        {
          "name": "kill-test",
          "base": { "task": "cartpole", "generations": 30, "population_size": 32, "dataset_size": 2, "hidden": [16],
                    "inner_steps": 10, "episodes": 2, "eval_policies": 2, "batch_size": 8,
                    "inits": 2, "init_aggregate": "mean", "stop_when_solved": 0 },
          "grid": { "seed": [5, 6] },
          "experiments": [ { "name": "acro", "task": "acrobot", "dataset_size": 3, "generations": 3 } ]
        }
        """;

    string CampaignFile()
    {
        string file = dir.Sub("campaign.json");
        File.WriteAllText(file, Campaign);
        return file;
    }

    static readonly string[] Experiments = ["seed5", "seed6", "acro"];

    [Fact]
    [Trait("Category", "slow")]
    public void A_killed_campaign_continues_where_it_stopped_and_ends_like_an_uninterrupted_one()
    {
        string file = CampaignFile(), reference = dir.Sub("reference"), killed = dir.Sub("killed");
        var clean = HadesProcess.Run("campaign", file, "--campaign-dir", reference, "--quiet");
        Assert.True(clean.ExitCode == 0, clean.Stderr);

        var random = new System.Random(7);
        int interrupted = 0;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using var p = HadesProcess.Start("campaign", file, "--campaign-dir", killed, "--quiet");
            // the random moment counts from when the campaign's journal exists (process start-up alone can outlast
            // the delay on a loaded machine)
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(Path.Combine(killed, "campaign.db")) && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
            Thread.Sleep(random.Next(1000, 2500));
            if (!p.HasExited) { p.Kill(); interrupted++; }
            p.WaitForExit();
        }
        Assert.True(interrupted >= 2, "the kills did not land while the campaign ran");
        var status = HadesProcess.Run("status", killed);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("campaign kill-test", status.Stdout);

        var finish = HadesProcess.Run("campaign", file, "--campaign-dir", killed, "--quiet");
        Assert.True(finish.ExitCode == 0, finish.Stderr);
        foreach (var e in Experiments)
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, e, "dataset.json")), File.ReadAllBytes(Path.Combine(killed, e, "dataset.json")));

        var done = HadesProcess.Run("status", killed);
        Assert.Contains("3/3 experiments finished", done.Stdout);
        Assert.Equal(3, done.Stdout.Split('\n').Count(l => l.Contains(" done ")));
        // results.csv: the two cartpole seeds aggregated (n = 2), acrobot alone, then one row per run
        var results = File.ReadAllLines(Path.Combine(killed, "results.csv"));
        Assert.Equal(3, results.Count(l => l.StartsWith("run,")));
        Assert.Single(results, l => l.StartsWith("mean,,hades,cartpole,\"HaDES-R\",") && l.Split(',')[^4] == "2");
        // each experiment got its final evaluation (the same as the uninterrupted campaign's) and the campaign a report
        foreach (var e in Experiments)
            Assert.Equal(FinalMean(Path.Combine(reference, e)), FinalMean(Path.Combine(killed, e)));
        var report = File.ReadAllText(Path.Combine(killed, "report.md"));
        Assert.Contains("| cartpole | HaDES-R |", report);
        foreach (var e in Experiments) Assert.Contains($"[{e}]", report);
        // the seeds figure: seed5 and seed6 are one curve of two seeds, acro its own
        Assert.Contains("](seeds.png)", report);
        PngReader.Read(File.ReadAllBytes(Path.Combine(killed, "seeds.png")));
        var svg = File.ReadAllText(Path.Combine(killed, "seeds.svg"));
        Assert.Contains("cartpole HaDES-R (n=2)", svg);
        Assert.Contains("acro (n=1)", svg);
    }

    [Fact]
    [Trait("Category", "slow")]
    public void A_creation_killed_before_its_plan_was_written_is_started_afresh()
    {
        string file = CampaignFile(), folder = dir.Sub("half-made");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "journal-kind"), "sqlite\n");    // what a kill right after it leaves
        File.WriteAllText(Path.Combine(folder, "campaign.json.tmp"), "{");
        var r = HadesProcess.Run("campaign", file, "--campaign-dir", folder, "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("3/3 experiments finished", HadesProcess.Run("status", folder).Stdout);
    }

    [Fact]
    [Trait("Category", "slow")]
    public void A_run_dir_whose_creation_was_killed_before_its_config_is_used_afresh()
    {
        string run = dir.Sub("half-run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "run-id"), "0123\n");
        File.WriteAllText(Path.Combine(run, "config.json.tmp"), "{");
        var r = HadesProcess.Run("run", "--run-dir", run, "--generations", "1", "--population", "16", "--final-eval-episodes", "0", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(File.Exists(Path.Combine(run, "dataset.json")));
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Status_of_a_run_reads_its_journal()
    {
        string run = dir.Sub("run");
        var r = HadesProcess.Run("run", "--run-dir", run, "--generations", "2", "--population", "16", "--final-eval-episodes", "0", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var status = HadesProcess.Run("status", run);
        Assert.Contains("2/2 generations (finished)", status.Stdout);
    }

    [Theory]
    [InlineData("{ \"grid\": { \"seed\": [1] } }", "needs a \"name\"")]
    [InlineData("{ \"name\": \"x\" }", "no experiments")]
    [InlineData("{ \"name\": \"x\", \"grid\": { \"seed\": [] } }", "must be a non-empty list")]
    [InlineData("{ \"name\": \"x\", \"grid\": { \"colour\": [1] } }", "unknown key 'colour'")]
    [InlineData("{ \"name\": \"x\", \"grid\": { \"population_size\": [3] } }", "population size must be an even number")]
    [InlineData("{ \"name\": \"x\", \"sweep\": {} }", "unknown key \"sweep\"")]
    [InlineData("{ \"name\": \"a/b\", \"grid\": { \"seed\": [1] } }", "name may use")]
    [InlineData("not json", "not valid JSON")]
    public void Bad_campaign_files_are_refused_in_one_line(string content, string expected)
    {
        string file = dir.Sub($"bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, content);
        var r = HadesProcess.Run("campaign", file, "--campaign-dir", dir.Sub("never"));
        Assert.NotEqual(0, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.False(Directory.Exists(dir.Sub("never")));
    }

    [Fact]
    [Trait("Category", "slow")]
    public void A_changed_campaign_file_is_refused_for_an_existing_campaign_dir()
    {
        string file = CampaignFile(), folder = dir.Sub("changed");
        var first = HadesProcess.Run("campaign", file, "--campaign-dir", folder, "--quiet");
        Assert.True(first.ExitCode == 0, first.Stderr);
        File.WriteAllText(file, Campaign.Replace("[5, 6]", "[5, 7]"));
        var before = DirectorySnapshot.Of(folder);
        var r = HadesProcess.Run("campaign", file, "--campaign-dir", folder);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("holds a different campaign file", r.Stderr);
        Assert.Equal(before, DirectorySnapshot.Of(folder));
    }

    /// <summary>With two experiments at once, each generation line names its own experiment (the progress views look
    /// experiments up by the id their runs report generations under).</summary>
    [Fact]
    public void Generation_lines_of_experiments_running_at_once_name_their_own_experiment()
    {
        string file = dir.Sub("parallel.json");
        File.WriteAllText(file, """
            {
              "name": "parallel-names",
              "base": { "task": "cartpole", "generations": 3, "population_size": 8, "dataset_size": 2, "hidden": [8],
                        "inner_steps": 4, "episodes": 1, "eval_policies": 1, "batch_size": 2, "inits": 1, "stop_when_solved": 0 },
              "grid": { "seed": [1, 2] }
            }
            """);
        var r = HadesProcess.Run("campaign", file, "--campaign-dir", dir.Sub("parallel"), "--parallel", "2", "--final-eval-episodes", "1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(" gen ")).ToList();
        foreach (string experiment in new[] { "seed1", "seed2" })
            Assert.Equal(["1/3", "2/3", "3/3"], lines.Where(l => l.StartsWith(experiment + " gen ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]));
        Assert.Equal(6, lines.Count);
    }

    public void Dispose() => dir.Dispose();

    static double FinalMean(string runDir) => Hades.Core.Runs.RunSummary.Load(Path.Combine(runDir, "summary.json"))!.FinalEvalMean;
}
