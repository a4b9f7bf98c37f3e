using Hades.Core.Runs;
using Hades.Host.Commands;
using Hades.Host.Dashboard;
using Hades.Host.Hosting;
using Hades.Tests.Host.Dashboard;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>
/// A standalone run whose session ends in an error marks its run dir failed (<see cref="ExperimentFailure"/>, as a
/// campaign marks a failed experiment), so another process (the dashboard, `hades status`) shows it failed with its
/// error, not stopped; the next session of that run dir removes the mark as it starts. The sessions here are test
/// runners handed to <see cref="RunCommand.Execute"/>, the path of `run`, `resume` and `seed`.
/// </summary>
public sealed class RunFailureMarkTests : IDisposable
{
    readonly TempDir dir = new();

    const string Reason = "test: candidate units were issued 5 times";

    static Task<int> Session(RunDirectory run, RunCommand.Runner runner) =>
        RunCommand.Execute(run, TestConfigs.Tiny(4), finalEpisodes: 0, quiet: true, CancellationToken.None, runner);

    static RunCommand.Runner Ending(RunOutcome outcome) => (_, _, _, _) => Task.FromResult(outcome);

    /// <summary>The dashboard's view from another process, long after the run's files last changed.</summary>
    static RunEntry Seen(RunDirectory run) =>
        new RunFolderScanner([run.Path], utcNow: () => DateTime.UtcNow + RunFolderScanner.ActiveWindow + TimeSpan.FromHours(1)).Scan().Runs.Single();

    [Fact]
    public async Task A_run_that_failed_reads_failed_with_its_error_in_the_dashboard_and_status_until_it_starts_again()
    {
        var run = DashboardFixtures.Run(dir.Sub("r"), total: 4, done: 0);
        Assert.Equal(RunStatus.NotStarted, Seen(run).Status);

        Assert.Equal(1, await Session(run, Ending(new RunOutcome.Failed(Reason + "\nsecond line"))));

        Assert.Equal($"{Reason} second line\n", File.ReadAllText(ExperimentFailure.FileOf(run.Path)));
        var seen = Seen(run);
        Assert.Equal((RunStatus.Failed, $"{Reason} second line"), (seen.Status, seen.Error));
        var status = HadesProcess.Run("status", run.Path);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.EndsWith($"0/4 generations; failed: {Reason} second line", status.Stdout.TrimEnd());

        // the next session removes the mark as it starts (it is running, not failed), and a finished one leaves none
        bool markedWhileRunning = true;
        Assert.Equal(0, await Session(run, (_, _, _, _) =>
        {
            markedWhileRunning = File.Exists(ExperimentFailure.FileOf(run.Path));
            return Task.FromResult<RunOutcome>(new RunOutcome.Finished(4));
        }));
        Assert.False(markedWhileRunning);
        Assert.False(File.Exists(ExperimentFailure.FileOf(run.Path)));
        Assert.Null(Seen(run).Error);
        Assert.DoesNotContain("failed", HadesProcess.Run("status", run.Path).Stdout);
    }

    [Fact]
    public async Task A_session_that_throws_is_marked_with_the_exception_message_and_an_interrupted_one_is_not_marked()
    {
        var run = DashboardFixtures.Run(dir.Sub("r"), total: 4, done: 0);
        await Assert.ThrowsAsync<IOException>(() => Session(run, (_, _, _, _) => throw new IOException("test: no space left on device")));
        Assert.Equal("test: no space left on device\n", File.ReadAllText(ExperimentFailure.FileOf(run.Path)));
        Assert.Equal(RunStatus.Failed, Seen(run).Status);

        // Ctrl-C: the run is stopped, not failed (a SIGKILLed process writes nothing either: KillResumeTests)
        Assert.Equal(130, await Session(run, Ending(new RunOutcome.Interrupted())));
        Assert.False(File.Exists(ExperimentFailure.FileOf(run.Path)));
        Assert.Equal(RunStatus.NotStarted, Seen(run).Status);
    }

    public void Dispose() => dir.Dispose();
}
