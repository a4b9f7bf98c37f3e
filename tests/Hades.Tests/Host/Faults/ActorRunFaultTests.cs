using System.Text.Json.Nodes;
using Hades.Host;
using Hades.Host.Commands;
using Hades.Tests.Actors.DataFree;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Faults;

/// <summary>PPO and data-free distillation run dirs are bound to their journals like HaDES runs (ppo.json, distil.json),
/// and `hades status` reads PPO run dirs.</summary>
public sealed class ActorRunFaultTests : IDisposable
{
    readonly TempDir dir = new();

    static string[] Ppo(string runDir) =>
        ["ppo", "--task", "cartpole", "--iterations", "2", "--envs", "2", "--steps-per-env", "32", "--run-dir", runDir, "--final-eval-episodes", "2", "--quiet"];

    static void Edit(string file, string key, JsonNode value, string? inner = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        (inner is null ? root : root[inner]!.AsObject())[key] = value;
        File.WriteAllText(file, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    [Fact]
    [Trait("Category", "slow")]
    public void A_ppo_run_dir_is_read_by_status_saves_its_final_evaluation_and_refuses_an_edited_ppo_json()
    {
        string run = dir.Sub("ppo");
        var r = HadesProcess.Run(Ppo(run));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(2, JsonNode.Parse(File.ReadAllText(Path.Combine(run, "ppo.json")))!["final_eval_episodes"]!.GetValue<int>());
        var before = DirectorySnapshot.Of(run);
        var status = HadesProcess.Run("status", run);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("PPO on cartpole, seed 0: 2/2 iterations (finished)", status.Stdout);
        Assert.Equal(before, DirectorySnapshot.Of(run));

        Edit(Path.Combine(run, "ppo.json"), "seed", 7, inner: "ppo");
        FaultAssert.RefusedAndUntouched(run, "does not match the settings", "resume", run);
        FaultAssert.RefusedAndUntouched(run, "does not match the settings", "status", run);
    }

    [Fact]
    [Trait("Category", "slow")]
    public void A_ppo_run_dir_with_an_empty_journal_is_refused()
    {
        string run = dir.Sub("ppo");
        Assert.Equal(0, HadesProcess.Run(Ppo(run)).ExitCode);
        File.WriteAllBytes(Path.Combine(run, "journal.db"), []);
        FaultAssert.RefusedAndUntouched(run, "holds no events of this run", "resume", run);
    }

    [Fact]
    public async Task A_distillation_run_dir_refuses_an_edited_distil_json()
    {
        var jobs = new FakeJobs();
        var runner = new DistilRunner(jobs.Create, TextWriter.Null, TextWriter.Null);
        ICommand[] commands = [new DistilCommand(runner), new ResumeCommand(runner)];
        string run = dir.Sub("distil");
        var error = new StringWriter();
        int code = await Program.RunAsync(["distil", "--task", "cartpole", "--method", "gas", "--steps", "20", "--chunk-steps", "10",
            "--final-eval-episodes", "2", "--run-dir", run, "--quiet"], CancellationToken.None, commands, TextWriter.Null, error);
        Assert.True(code == 0, error.ToString());
        Edit(Path.Combine(run, "distil.json"), "seed", 9);
        var before = DirectorySnapshot.Of(run);
        error = new StringWriter();
        code = await Program.RunAsync(["resume", run, "--quiet"], CancellationToken.None, commands, TextWriter.Null, error);
        Assert.Equal(2, code);
        Assert.StartsWith("hades: error:", error.ToString());
        Assert.Contains("does not match the settings", error.ToString());
        Assert.Single(error.ToString().Trim().Split('\n'));
        Assert.Equal(before, DirectorySnapshot.Of(run));
    }

    public void Dispose() => dir.Dispose();
}
