using Hades.Actors.Messages;
using Hades.Core.Runs;
using Hades.Host.Console;
using Spectre.Console;

namespace Hades.Tests.Host.ConsoleViews; // not ...Host.Console: that would hide System.Console in the other test namespaces

/// <summary>The progress views: plain lines when stdout is not a terminal (today's format, which tests and users
/// grep), nothing with --quiet, and the Spectre.Console live display (rendered into a string).</summary>
public sealed class ProgressViewTests
{
    static GenerationReported Report(int generation, int total, double mean, double max, double eval, string runId = "population-x") =>
        new(runId, new GenerationRecord(generation, mean, max, eval, 0.25), total, 0, 0);

    [Fact]
    public async Task Plain_lines_keep_their_format_one_per_generation()
    {
        var output = new StringWriter();
        var progress = RunProgress.Create(output, quiet: false);
        Assert.IsType<ProgressPrinter>(progress); // not the console: never live
        progress.Header("HaDES-R on cartpole");
        await progress.Show(() =>
        {
            progress.OnGeneration(Report(0, 2, 10, 30, 12.5));
            progress.OnGeneration(Report(1, 2, 20, 25, 40));
            return Task.FromResult(0);
        });
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("HaDES-R on cartpole", lines[0]);
        Assert.Matches(@"^gen    1/2  fitness mean     10\.0 max     30\.0  best     30\.0  eval     12\.5    0\.25s/gen  ETA +\d+s$", lines[1]);
        Assert.Matches(@"^gen    2/2  fitness mean     20\.0 max     25\.0  best     30\.0  eval     40\.0    0\.25s/gen  ETA +0s$", lines[2]);
    }

    [Fact]
    public void Quiet_prints_no_progress()
    {
        var output = new StringWriter();
        var progress = RunProgress.Create(output, quiet: true);
        progress.Header("HaDES-R on cartpole");
        progress.OnGeneration(Report(0, 2, 10, 30, 12.5));
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Campaign_lines_name_the_experiment_of_each_generation()
    {
        var output = new StringWriter();
        var progress = CampaignProgressView.Create(output, quiet: false);
        progress.OnExperimentStarted(new ExperimentStarted("c", 0, 2, "seed0", "run-a"));
        progress.OnExperimentStarted(new ExperimentStarted("c", 1, 2, "seed1", "run-b"));
        progress.OnGeneration(Report(0, 3, 1, 2, 3, "run-a"));
        Assert.Equal(["experiment 1/2: seed0", "experiment 2/2: seed1", "  seed0 gen 1/3  fitness mean 1.0 max 2.0  eval 3.0  0.25s"],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        var quiet = new StringWriter();
        var quietProgress = CampaignProgressView.Create(quiet, quiet: true);
        quietProgress.OnExperimentStarted(new ExperimentStarted("c", 0, 1, "seed0", "run-a"));
        quietProgress.OnGeneration(Report(0, 3, 1, 2, 3, "run-a"));
        Assert.Equal("experiment 1/1: seed0", quiet.ToString().Trim());
    }

    static (IAnsiConsole Console, StringWriter Text) Terminal()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 200;
        return (console, text);
    }

    [Fact]
    public async Task The_live_view_shows_generation_fitness_best_eval_timing_and_a_bar()
    {
        var (console, text) = Terminal();
        var progress = new LiveProgress(console);
        progress.Header("HaDES-R on cartpole");
        int result = await progress.Show(async () =>
        {
            progress.OnGeneration(Report(0, 2, 10, 30, 12.5));
            await Task.Delay(150);
            progress.OnGeneration(Report(1, 2, 20, 25, 40));
            return 7;
        });
        Assert.Equal(7, result);
        string shown = text.ToString();
        Assert.Contains("HaDES-R on cartpole", shown);
        Assert.Contains("gen 2/2 · fitness mean 20.0 · best 30.0 · eval 40.0 · 0.25 s/gen · ETA 0 s", shown);
        Assert.Contains("100%", shown);
        Assert.Contains("━", shown); // the bar
    }

    [Fact]
    public async Task A_warning_during_the_live_view_prints_in_it_and_goes_back_to_stderr_after()
    {
        var (console, text) = Terminal();
        var progress = new LiveProgress(console);
        progress.Header("HaDES-R on cartpole");
        const string Line = "hades: warning: generation 0 waiting: no evaluator has answered for 40 s";
        var stderr = new StringWriter();
        var saved = System.Console.Error;
        await progress.Show(async () =>
        {
            progress.OnGeneration(Report(0, 2, 10, 30, 12.5));
            ConsoleWarnings.Write(Line);
            await Task.Delay(150);
            progress.OnGeneration(Report(1, 2, 20, 25, 40));
            return 0;
        });
        System.Console.SetError(stderr);
        try { ConsoleWarnings.Write("after the view"); }
        finally { System.Console.SetError(saved); }
        string shown = text.ToString();
        Assert.Contains(Line, shown);
        Assert.Contains("gen 2/2 · fitness mean 20.0", shown[shown.IndexOf(Line, StringComparison.Ordinal)..]); // the bar redrawn below it
        Assert.DoesNotContain("after the view", shown);
        Assert.Contains("after the view", stderr.ToString());
    }

    [Fact]
    public async Task The_live_campaign_view_counts_done_running_and_queued()
    {
        var (console, text) = Terminal();
        var progress = new LiveCampaignProgress(console);
        await progress.Show(async () =>
        {
            progress.OnCounts(new CampaignCounts("sweep", 0, 2, 1));
            progress.OnExperimentStarted(new ExperimentStarted("sweep", 0, 3, "seed0", "run-a"));
            progress.OnGeneration(Report(4, 5, 1, 2, 3, "run-a"));
            await Task.Delay(150);
            progress.OnCounts(new CampaignCounts("sweep", 1, 1, 1));
            return 0;
        });
        string shown = text.ToString();
        Assert.Contains("campaign sweep: 1 done · 1 running · 1 queued", shown);
        Assert.Contains("seed0: gen 5/5 · fitness mean 1.0 · eval 3.0", shown);
        Assert.Contains("33%", shown);
    }
}
