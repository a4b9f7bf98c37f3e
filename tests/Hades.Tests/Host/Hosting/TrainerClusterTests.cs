using System.Diagnostics;
using Hades.Actors.Training;
using Hades.Host.Hosting;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Hosting;

/// <summary>
/// A campaign's PPO and distillation stages run on a worker process with role "trainer", not in the seed (`hades
/// campaign --port`, which holds no trainer without --local-evaluator): the campaign's trainer.log lines and the
/// campaign's "done on" lines name the worker. A worker killed with SIGKILL mid-stage costs that stage's unjournalled
/// part only: the stage is re-issued to the next trainer that joins, continues from its journal, and the campaign
/// finishes with the policy of the uninterrupted campaign.
/// </summary>
[Collection("cluster")]
public sealed class TrainerClusterTests : IDisposable
{
    readonly TempDir dir = new();
    readonly List<Process> processes = [];

    const string Campaign = """
        {
          "name": "trainers",
          "experiments": [
            { "name": "expert", "kind": "ppo", "task": "cartpole", "seed": 0, "iterations": 30, "envs": 4, "steps_per_env": 64 },
            { "name": "student", "kind": "distil", "task": "cartpole", "needs": ["expert"], "steps": 10, "chunk_steps": 5 }
          ]
        }
        """;

    string CampaignFile()
    {
        string file = dir.Sub("trainers.json");
        File.WriteAllText(file, Campaign);
        return file;
    }

    Process Start(params string[] args)
    {
        var p = HadesProcess.Start(new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" }, args);
        processes.Add(p);
        return p;
    }

    (Process Process, string Address) Worker(string seed)
    {
        int port = FreePort.Next();
        var p = Start("worker", "--seed-node", seed, "--port", port.ToString(), "--roles", "trainer", "--threads", "1");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return (p, $"akka.tcp://hades@127.0.0.1:{port}");
    }

    static string[] LogOf(string folder, string stage)
    {
        string file = Path.Combine(folder, TrainerActor.LogFile);
        try { return File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Contains($" {stage} on ")).ToArray() : []; }
        catch (IOException) { return []; }
    }

    (Process Process, Task<string> Stdout, Task<string> Stderr, string Seed) Campaign_(string folder)
    {
        int port = FreePort.Next();
        var p = Start("campaign", CampaignFile(), "--campaign-dir", folder, "--port", port.ToString(), "--final-eval-episodes", "2");
        return (p, p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync(), $"akka.tcp://hades@127.0.0.1:{port}");
    }

    static void AwaitExit(Process p, Task<string> stdout, Task<string> stderr, TimeSpan limit)
    {
        Assert.True(p.WaitForExit(limit), $"the campaign did not finish in {limit}\n{(stdout.IsCompleted ? stdout.Result : "")}");
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr.Result}\n{stdout.Result}");
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Stages_run_on_a_trainer_worker_and_a_worker_killed_mid_stage_is_replaced_without_changing_the_result()
    {
        // uninterrupted: one trainer worker runs both stages
        string clean = dir.Sub("clean");
        var first = Campaign_(clean);
        var (worker, address) = Worker(first.Seed);
        AwaitExit(first.Process, first.Stdout, first.Stderr, TimeSpan.FromMinutes(6));
        foreach (var stage in new[] { "expert", "student" })
        {
            var log = LogOf(clean, stage);
            Assert.Contains(log, l => l.Contains($"started {stage} on {address} (pid {worker.Id})"));
            Assert.Contains(log, l => l.Contains($"finished {stage} on {address} (pid {worker.Id})"));
            Assert.Contains($"{stage} done on {address}", first.Stdout.Result);
            Assert.True(File.Exists(Path.Combine(clean, stage, "summary.json")), $"{stage} has no summary.json");
        }
        worker.Kill();

        // the trainer dies with SIGKILL after the PPO stage has journalled some iterations; a new worker takes it over
        string killed = dir.Sub("killed");
        var second = Campaign_(killed);
        var (doomed, doomedAddress) = Worker(second.Seed);
        var clock = Stopwatch.StartNew();
        string journal = Path.Combine(killed, "expert", "metrics.csv");
        while (!(File.Exists(journal) && File.ReadAllLines(journal).Length >= 4) && !second.Process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3))
            Thread.Sleep(100);
        Assert.False(File.Exists(Path.Combine(killed, "expert", "summary.json")), "the PPO stage finished before the kill; the test proves nothing");
        Assert.Contains(LogOf(killed, "expert"), l => l.Contains($"started expert on {doomedAddress} (pid {doomed.Id})"));
        doomed.Kill(); // SIGKILL
        doomed.WaitForExit();
        var (replacement, replacementAddress) = Worker(second.Seed);
        AwaitExit(second.Process, second.Stdout, second.Stderr, TimeSpan.FromMinutes(6));

        var expert = LogOf(killed, "expert");
        Assert.DoesNotContain(expert, l => l.Contains($"finished expert on {doomedAddress}"));
        Assert.Contains(expert, l => l.Contains($"started expert on {replacementAddress} (pid {replacement.Id})"));
        Assert.Contains(expert, l => l.Contains($"finished expert on {replacementAddress} (pid {replacement.Id})"));
        Assert.Contains($"expert done on {replacementAddress}", second.Stdout.Result);
        Assert.Contains(LogOf(killed, "student"), l => l.Contains($"finished student on {replacementAddress}"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(clean, "expert", "policy.npz")), File.ReadAllBytes(Path.Combine(killed, "expert", "policy.npz")));
        Assert.True(File.Exists(Path.Combine(killed, "student", "summary.json")), "the distillation stage has no summary.json");
    }

    public void Dispose()
    {
        foreach (var p in processes)
        {
            try { if (!p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(10_000); } }
            catch (InvalidOperationException) { }
            p.Dispose();
        }
        dir.Dispose();
    }
}
