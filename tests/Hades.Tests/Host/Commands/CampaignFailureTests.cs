using System.Net;
using Hades.Core.DataFree;
using Hades.Core.Runs;
using Hades.Host;
using Hades.Host.Commands;
using Hades.Host.Dashboard;
using Hades.Tests.Actors.DataFree;
using Hades.Tests.Host.Dashboard;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>
/// An experiment that fails at run time (a distillation stage whose job factory throws: the test hook) fails its
/// campaign, which marks it failed beside its run dir (<see cref="ExperimentFailure"/>), so another process tells it
/// from a stopped one: the dashboard's JSON and `hades status` say failed with its error. Running the same command
/// again retries it (what it did before the mark existed) and removes the mark.
/// </summary>
public sealed class CampaignFailureTests : IDisposable
{
    readonly TempDir dir = new();

    const string Campaign = """
        {
          "name": "fails",
          "experiments": [
            { "name": "teacher", "kind": "ppo", "task": "cartpole", "iterations": 2, "envs": 2, "steps_per_env": 32 },
            { "name": "student", "kind": "distil", "task": "cartpole", "method": "gas", "needs": ["teacher"], "steps": 20, "chunk_steps": 10 }
          ]
        }
        """;

    const string Hook = "test hook: the student's job cannot start";

    /// <summary>The stage's error for it: a job that cannot be built fails its run as a failure during the run does.</summary>
    const string Marked = "the distillation run failed: " + Hook;

    static async Task<int> Campaign_(DistilJobFactory jobs, string file, string folder)
    {
        var runner = new DistilRunner(jobs, TextWriter.Null, TextWriter.Null);
        return await Program.RunAsync(["campaign", file, "--campaign-dir", folder, "--quiet", "--final-eval-episodes", "2"],
            CancellationToken.None, [new CampaignCommand(runner)], TextWriter.Null, TextWriter.Null);
    }

    [Fact]
    public async Task A_failed_experiment_reads_failed_with_its_error_in_the_dashboard_and_status_and_the_same_command_retries_it()
    {
        string file = dir.Sub("fails.json"), folder = dir.Sub("fails");
        File.WriteAllText(file, Campaign);
        int code = await Campaign_((_, _) => throw new InvalidOperationException(Hook), file, folder);
        Assert.Equal(1, code);
        string mark = Path.Combine(folder, "student" + ExperimentFailure.Suffix);
        Assert.Equal(Marked + "\n", File.ReadAllText(mark));
        Assert.False(File.Exists(Path.Combine(folder, "teacher" + ExperimentFailure.Suffix)));

        // another process's view: the dashboard reads the campaign's folder
        await using (var server = await DashboardServer.StartAsync(new DashboardOptions([dir.Path], IPAddress.Loopback, 0)))
        using (var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) })
        {
            var detail = await http.GetJsonAsync("/api/campaigns/fails");
            var experiments = detail.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("experiments").EnumerateArray())
                .ToDictionary(e => e.GetProperty("name").GetString()!);
            Assert.Equal(("failed", Marked), (experiments["student"].GetProperty("status").GetString(), experiments["student"].GetProperty("error").GetString()));
            Assert.Equal("done", experiments["teacher"].GetProperty("status").GetString());
            Assert.Equal(1, detail.GetProperty("status_counts").GetProperty("failed").GetInt32());
            Assert.Equal("failed", detail.GetProperty("campaign").GetProperty("status").GetString());
            // the campaign page shows the error beside the badge
            Assert.Contains("failure(e.error)", await http.GetStringAsync("/assets/campaign.js"));
        }
        var status = HadesProcess.Run("status", folder);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("1/2 experiments finished", status.Stdout);
        var line = status.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("student "));
        Assert.Contains(" failed ", line);
        Assert.EndsWith($"; failed: {Marked}", line.TrimEnd());

        // the same command again retries the failed experiment (the teacher is not redone) and removes its mark
        var jobs = new FakeJobs();
        Assert.Equal(0, await Campaign_(jobs.Create, file, folder));
        Assert.Single(jobs.Built);
        Assert.False(File.Exists(mark));
        Assert.True(File.Exists(Path.Combine(folder, "student", "summary.json")));
        Assert.Contains("2/2 experiments finished", HadesProcess.Run("status", folder).Stdout);
    }

    [Fact]
    public void The_error_line_of_a_failed_experiment_says_where_its_mark_is_and_that_the_same_command_retries_it()
    {
        Assert.Equal($"hades: error: student: {Hook} (marked failed: student.failed; the same command again retries it)",
            CampaignCommand.FailureLine(new Hades.Host.Hosting.CampaignOutcome.Failed($"student: {Hook}", "student")));
        Assert.Equal("hades: error: the campaign file changed", CampaignCommand.FailureLine(new Hades.Host.Hosting.CampaignOutcome.Failed("the campaign file changed")));
    }

    public void Dispose() => dir.Dispose();
}
