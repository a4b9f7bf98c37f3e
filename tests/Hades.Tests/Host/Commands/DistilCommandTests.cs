using Hades.Core.DataFree;
using Hades.Core.Runs;
using Hades.Host;
using Hades.Host.Commands;
using Hades.Tests.Support;

using Hades.Host.Cli;

using Hades.Tests.Actors.DataFree;

namespace Hades.Tests.Host.Commands;

/// <summary>`hades distil`, `hades resume` and distillation campaigns, run in-process through the CLI's dispatcher with
/// the fake job in the factory seam (status and report run as the real executable: they only read files).</summary>
public sealed class DistilCommandTests : IDisposable
{
    readonly TempDir dir = new();
    readonly FakeJobs jobs = new();

    sealed record Result(int Code, string Out, string Err);

    async Task<Result> Hades(CancellationToken cancel, params string[] args)
    {
        var outText = new StringWriter();
        var errText = new StringWriter();
        var output = TextWriter.Synchronized(outText);
        var error = TextWriter.Synchronized(errText);
        var runner = new DistilRunner(jobs.Create, output, error);
        ICommand[] commands = [new DistilCommand(runner), new ResumeCommand(runner), new CampaignCommand(runner)];
        int code = await Program.RunAsync(args, cancel, commands, output, error);
        return new Result(code, outText.ToString(), errText.ToString());
    }

    Task<Result> Hades(params string[] args) => Hades(CancellationToken.None, args);

    static string[] Distil(string runDir, params string[] more) =>
        ["distil", "--task", "cartpole", "--method", "gas", "--seed", "2", "--steps", "30", "--chunk-steps", "10", "--final-eval-episodes", "3", "--run-dir", runDir, "--quiet", .. more];

    static DistilState Uninterrupted(DistilConfig config)
    {
        var job = new FakeDistilJob(config);
        return job.Advance(job.Initial(), config.Steps).Next;
    }

    [Fact]
    public async Task Distil_writes_its_files_and_the_same_command_again_continues_the_finished_run()
    {
        string runDir = dir.Sub("run");
        var r = await Hades(Distil(runDir, "--restarts", "1", "--batch", "64"));
        Assert.True(r.Code == 0, r.Err);
        var config = DistilRunFile.Read(runDir);
        Assert.Equal(DistilPresets.For("cartpole", "gas") with { Seed = 2, Steps = 30, ChunkSteps = 10, FinalEvalEpisodes = 3, Restarts = 1, BatchSize = 64 }, config);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(runDir, "metrics.csv")).Length);
        var summary = RunSummary.Load(Path.Combine(runDir, "summary.json"))!;
        Assert.Equal("GAS-style (reconstruction), no restarts", summary.Method);
        Assert.Equal("30 student steps × batch 64", summary.Budget);
        Assert.Equal(FakeDistilJob.Score(Uninterrupted(config), 3), summary.FinalEvalMean, 9);
        Assert.Contains("\"metric\": \"fake score\"", File.ReadAllText(Path.Combine(runDir, "score.json")));
        Assert.Contains("final fake score", r.Out);
        Assert.Contains("GAS-style (reconstruction)", File.ReadAllText(Path.Combine(runDir, "report.md")));

        var again = await Hades(Distil(runDir, "--restarts", "1", "--batch", "64"));
        Assert.True(again.Code == 0, again.Err);
        Assert.Empty(jobs.Built[^1].AdvancedFrom); // recovered as finished: no chunk is done twice
        Assert.Equal(summary.FinalEvalMean, RunSummary.Load(Path.Combine(runDir, "summary.json"))!.FinalEvalMean);

        var status = HadesProcess.Run("status", runDir);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("3/3 chunks (finished)", status.Stdout);
    }

    [Fact]
    public async Task A_second_start_with_other_settings_is_refused_in_one_line_before_building_a_job()
    {
        string runDir = dir.Sub("run");
        Assert.Equal(0, (await Hades(Distil(runDir))).Code);
        int built = jobs.Built.Count;
        var other = await Hades(Distil(runDir, "--adv-weight", "0"));
        Assert.NotEqual(0, other.Code);
        Assert.Contains("other settings", other.Err);
        Assert.Single(other.Err.Trim().Split('\n'));
        Assert.Equal(built, jobs.Built.Count);

        string foreign = dir.Sub("foreign");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "mine");
        var refused = await Hades(Distil(foreign));
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("not empty", refused.Err);
        Assert.False(File.Exists(Path.Combine(foreign, "distil.json")));
    }

    [Fact]
    public async Task Ctrl_c_stops_with_130_and_resume_finishes_like_an_uninterrupted_run()
    {
        string reference = dir.Sub("reference"), stopped = dir.Sub("stopped");
        var loud = await Hades(Distil(reference)[..^1]); // without --quiet: a progress line per chunk
        Assert.True(loud.Code == 0, loud.Err);
        Assert.Equal(3, loud.Out.Split('\n').Count(l => l.StartsWith("chunk ") && l.Contains("agreement") && l.Contains("score")));
        Assert.Contains("chunk    3/3", loud.Out);

        using var cancel = new CancellationTokenSource();
        // Ctrl-C lands during the second chunk, which then never completes: only chunk 0 is journalled
        jobs.Configure = job => job.AfterAdvance = step =>
        {
            if (step < 20) return;
            cancel.Cancel();
            throw new OperationCanceledException();
        };
        var interrupted = await Hades(cancel.Token, Distil(stopped));
        jobs.Configure = null;
        Assert.Equal(130, interrupted.Code);
        Assert.Contains($"hades resume {Path.GetFullPath(stopped)}", interrupted.Err);
        Assert.False(File.Exists(Path.Combine(stopped, "summary.json")));

        var resumed = await Hades("resume", stopped, "--quiet");
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Equal([10, 20], jobs.Built[^1].AdvancedFrom); // continued after the journalled chunk, not from scratch
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "student.txt")), File.ReadAllText(Path.Combine(stopped, "student.txt")));
        Assert.Equal(RunSummary.Load(Path.Combine(reference, "summary.json"))!.FinalEvalMean, RunSummary.Load(Path.Combine(stopped, "summary.json"))!.FinalEvalMean);
        Assert.Equal(File.ReadAllLines(Path.Combine(reference, "metrics.csv")).Select(l => string.Join(',', l.Split(',')[..4])),
                     File.ReadAllLines(Path.Combine(stopped, "metrics.csv")).Select(l => string.Join(',', l.Split(',')[..4])));

        var extra = await Hades("resume", stopped, "--final-eval-episodes", "5");
        Assert.Equal(2, extra.Code); // the final evaluation is part of distil.json
        Assert.Single(extra.Err.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("UPDATE journal SET message = X'01'", 1, "journal cannot be read")]                   // a truncated event
    [InlineData("DROP TABLE journal; CREATE TABLE recipes (name TEXT)", 2, "database of another program")]
    public async Task A_damaged_journal_fails_the_resume_in_one_line(string damage, int code, string expected)
    {
        string runDir = dir.Sub("run");
        Assert.Equal(0, (await Hades(Distil(runDir))).Code);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(runDir, "journal.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = damage;
            Assert.True(cmd.ExecuteNonQuery() >= 0);
        }
        var r = await Hades("resume", runDir, "--quiet");
        Assert.Equal(code, r.Code);
        Assert.Contains(expected, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    const string Campaign = """
        {
          "name": "fake-distil",
          "kind": "distil",
          "base": { "task": "cartpole", "steps": 20, "chunk_steps": 10, "final_eval_episodes": 2 },
          "grid": { "method": ["gas", "uniform"] }
        }
        """;

    [Fact]
    [Trait("Category", "slow")]
    public async Task A_distillation_campaign_runs_every_experiment_and_a_rerun_skips_the_finished_ones()
    {
        string file = dir.Sub("campaign.json"), folder = dir.Sub("campaign");
        File.WriteAllText(file, Campaign);
        var r = await Hades("campaign", file, "--campaign-dir", folder, "--quiet");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(2, jobs.Built.Count);
        foreach (var (name, method) in new[] { ("methodgas", "gas"), ("methoduniform", "uniform") })
        {
            var config = DistilRunFile.Read(Path.Combine(folder, name));
            Assert.Equal(method, config.Method);
            Assert.Equal(FakeDistilJob.Score(Uninterrupted(config), 2), RunSummary.Load(Path.Combine(folder, name, "summary.json"))!.FinalEvalMean, 9);
        }
        Assert.Equal(3, File.ReadAllLines(Path.Combine(folder, "results.csv")).Length);
        var report = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("| cartpole | GAS-style (reconstruction) |", report);
        Assert.Contains("| cartpole | uniform states |", report);

        var again = await Hades("campaign", file, "--campaign-dir", folder, "--quiet");
        Assert.True(again.Code == 0, again.Err);
        Assert.Equal(2, again.Out.Split('\n').Count(l => l.EndsWith("skipped")));
        Assert.Equal(2, jobs.Built.Count); // nothing rebuilt, nothing re-run

        var status = HadesProcess.Run("status", folder);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("2/2 experiments finished", status.Stdout);
        var table = HadesProcess.Run("report", folder, "--out", dir.Sub("results"));
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("uniform states", File.ReadAllText(dir.Sub("results.md")));

        File.WriteAllText(file, Campaign.Replace("\"steps\": 20", "\"steps\": 30"));
        var changed = await Hades("campaign", file, "--campaign-dir", folder);
        Assert.Equal(2, changed.Code);
        Assert.Contains("different campaign file", changed.Err);
    }

    [Fact]
    public async Task A_distillation_campaign_marks_a_failed_run_failed_with_its_error_and_the_same_command_retries_it()
    {
        string file = dir.Sub("campaign.json"), folder = dir.Sub("campaign");
        File.WriteAllText(file, Campaign);
        jobs.Configure = job => job.FailAt = 10; // every job breaks at its second chunk
        var r = await Hades("campaign", file, "--campaign-dir", folder, "--quiet");
        Assert.Equal(1, r.Code);
        string error = ExperimentFailure.Read(Path.Combine(folder, "methodgas"))!;
        Assert.Contains("the fake job broke", error); // the run's own failure reason
        Assert.Null(ExperimentFailure.Read(Path.Combine(folder, "methoduniform"))); // not begun

        var status = HadesProcess.Run("status", folder);
        Assert.True(status.ExitCode == 0, status.Stderr);
        var line = status.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("methodgas "));
        Assert.Contains(" failed ", line);
        Assert.EndsWith($"; failed: {error}", line.TrimEnd());

        jobs.Configure = null;
        var again = await Hades("campaign", file, "--campaign-dir", folder, "--quiet");
        Assert.True(again.Code == 0, again.Err);
        Assert.Null(ExperimentFailure.Read(Path.Combine(folder, "methodgas")));
        Assert.True(File.Exists(Path.Combine(folder, "methodgas", "summary.json")));
    }

    [Fact]
    public async Task A_distillation_campaign_marks_a_run_whose_job_cannot_be_built_failed_and_the_same_command_retries_it()
    {
        string file = dir.Sub("campaign.json"), folder = dir.Sub("campaign");
        File.WriteAllText(file, Campaign);
        const string Hook = "test hook: the job cannot be built";
        jobs.FailToBuild = Hook;
        var r = await Hades("campaign", file, "--campaign-dir", folder, "--quiet");
        Assert.NotEqual(0, r.Code);
        Assert.Contains(Hook, r.Err);
        Assert.Equal(Hook, ExperimentFailure.Read(Path.Combine(folder, "methodgas")));
        Assert.Null(ExperimentFailure.Read(Path.Combine(folder, "methoduniform"))); // not begun

        jobs.FailToBuild = null;
        var again = await Hades("campaign", file, "--campaign-dir", folder, "--quiet");
        Assert.True(again.Code == 0, again.Err);
        Assert.Null(ExperimentFailure.Read(Path.Combine(folder, "methodgas")));
        Assert.True(File.Exists(Path.Combine(folder, "methodgas", "summary.json")));
    }

    [Theory]
    [InlineData("config-key", "methd")]
    [InlineData("negative-steps", "steps must be a positive integer")]
    [InlineData("unknown-method", "unknown method")]
    [InlineData("campaign-key", "lr_gen")]
    public async Task Bad_input_is_refused_in_one_line_without_creating_the_run(string kind, string expected)
    {
        string runDir = dir.Sub("run"), config = dir.Sub("bad.json");
        string[] args = kind switch
        {
            "config-key" => ["distil", "--config", config, "--run-dir", runDir],
            "negative-steps" => ["distil", "--steps", "-5", "--run-dir", runDir],
            "unknown-method" => ["distil", "--method", "magic", "--run-dir", runDir],
            _ => ["campaign", config, "--campaign-dir", runDir],
        };
        File.WriteAllText(config, kind == "campaign-key"
            ? """{ "name": "bad", "kind": "distil", "grid": { "seed": [0] }, "base": { "lr_gen": 0.1 } }"""
            : """{ "task": "cartpole", "methd": "gas" }""");
        var r = await Hades(args);
        Assert.Equal(2, r.Code);
        Assert.Contains(expected, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(runDir));
    }

    public void Dispose() => dir.Dispose();
}
