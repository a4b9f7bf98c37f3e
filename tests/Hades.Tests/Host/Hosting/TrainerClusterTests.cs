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

    (Process Process, Task<string> Stdout, Task<string> Stderr, string Seed) Campaign_(string folder, int? samePort = null)
    {
        int port = samePort ?? FreePort.Next();
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

    /// <summary>Issue 16: the campaign's seed killed (SIGKILL) while a trainer worker runs a stage, and started again
    /// with the same command. The worker's job goes on while the seed is down (it may even finish; its result then
    /// goes to the dead seed), until the split-brain resolver downs the worker, whose stopping system cancels and
    /// awaits the job; the worker rejoins and the restarted seed issues the stage again, which continues from its
    /// journal (returning at once if the first job finished). So a stage can be issued twice across a restart, but
    /// its jobs never overlap (trainer.log alternates a start with an end: finished or cancelled), every PPO iteration
    /// is journalled once, and the policy equals the uninterrupted campaign's.</summary>
    [Fact]
    [Trait("Category", "slow")]
    public void The_seed_killed_mid_stage_and_restarted_runs_the_stage_without_overlap_to_the_uninterrupted_result()
    {
        string clean = dir.Sub("clean");
        var first = Campaign_(clean);
        var (cleanWorker, _) = Worker(first.Seed);
        AwaitExit(first.Process, first.Stdout, first.Stderr, TimeSpan.FromMinutes(6));
        cleanWorker.Kill();

        string killed = dir.Sub("killed");
        int port = FreePort.Next();
        var doomed = Campaign_(killed, port);
        var (worker, address) = Worker(doomed.Seed);
        var clock = Stopwatch.StartNew();
        string metrics = Path.Combine(killed, "expert", "metrics.csv");
        while (!(File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 4) && !doomed.Process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3))
            Thread.Sleep(100);
        Assert.False(File.Exists(Path.Combine(killed, "expert", "summary.json")), "the PPO stage finished before the kill; the test proves nothing");
        doomed.Process.Kill(); // SIGKILL: the campaign's seed and its journal writer die mid-stage
        doomed.Process.WaitForExit();
        var restarted = Campaign_(killed, port); // the same command; the worker finds it at the same address
        AwaitExit(restarted.Process, restarted.Stdout, restarted.Stderr, TimeSpan.FromMinutes(6));

        Assert.False(worker.HasExited, "the worker process should have rejoined, not exited");
        var expert = LogOf(killed, "expert");
        Assert.All(expert, l => Assert.Contains($" expert on {address}", l));
        // no two jobs of the stage at once: a start, its end, a start, its end
        var kinds = expert.Select(l => l.Split(' ')[1]).ToArray();
        Assert.InRange(kinds.Length, 2, 4);
        for (int i = 0; i < kinds.Length; i++)
            Assert.True(i % 2 == 0 ? kinds[i] == "started" : kinds[i] is "finished" or "cancelled", string.Join("\n", expert));
        Assert.Equal("finished", kinds[^1]);
        Assert.Single(restarted.Stdout.Result.Split('\n'), l => l.Contains("expert done on"));
        var rows = File.ReadAllLines(metrics).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        Assert.Equal(rows.Distinct(), rows);                                                // every iteration journalled once
        Assert.Equal(File.ReadAllLines(Path.Combine(clean, "expert", "metrics.csv")).Length, File.ReadAllLines(metrics).Length);
        Assert.Equal(File.ReadAllBytes(Path.Combine(clean, "expert", "policy.npz")), File.ReadAllBytes(Path.Combine(killed, "expert", "policy.npz")));
        Assert.Single(LogOf(killed, "student"), l => l.Contains("finished student"));
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
