using System.Diagnostics;
using Hades.Tests.Support;
using Hades.Host.Hosting;

namespace Hades.Tests.Host.Hosting;

/// <summary>
/// Acceptance: killing the seed/population process with SIGKILL and starting it again resumes the run from
/// the journal; the workers rejoin by themselves, and the result equals an uninterrupted run.
/// </summary>
[Collection("cluster")]
public sealed class SeedRestartTests : IDisposable
{
    readonly TempDir dir = new();
    readonly List<Process> processes = [];
    readonly System.Text.StringBuilder transcript = new();

    static readonly string[] Options =
    [
        "--task", "cartpole", "--seed", "31", "--generations", "15", "--population", "64", "--dataset-size", "2",
        "--hidden", "16", "--inner-steps", "10", "--episodes", "2", "--eval-policies", "2", "--batch-size", "8",
        "--inits", "2", "--init-aggregate", "mean", "--stop-when-solved", "0", "--learners", "", "--sigma", "0.1", "--eval-aggregate", "mean", // not the default job: the settings these tests were written for
        "--final-eval-episodes", "0", "--quiet",
    ];

    Process Start(params string[] args)
    {
        var p = HadesProcess.Start(args);
        processes.Add(p);
        string who = $"{args[0]}#{processes.Count}";
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (transcript) transcript.AppendLine($"{DateTime.Now:HH:mm:ss.fff} {who}: {e.Data}"); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (transcript) transcript.AppendLine($"{DateTime.Now:HH:mm:ss.fff} {who} (stderr): {e.Data}"); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    static int Rows(string runDir)
    {
        string metrics = Path.Combine(runDir, "metrics.csv");
        try { return File.Exists(metrics) ? File.ReadAllLines(metrics).Length - 1 : 0; }
        catch (IOException) { return 0; }
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Killed_seed_restarts_from_the_sqlite_journal_and_ends_like_an_uninterrupted_run() => KillAndRestartSeed([]);

    [PostgresFact]
    [Trait("Category", "slow")]
    public void Killed_seed_restarts_from_the_postgres_journal_and_ends_like_an_uninterrupted_run() =>
        KillAndRestartSeed(["--journal", "postgres", "--pg-connection", PostgresFactAttribute.Connection!]);

    void KillAndRestartSeed(string[] journal)
    {
        string reference = dir.Sub("reference"), clustered = dir.Sub("cluster");
        var single = HadesProcess.Run(["run", "--run-dir", reference, .. Options]);
        Assert.True(single.ExitCode == 0, single.Stderr);

        string port = FreePort.Next().ToString();
        string[] seedArgs = ["seed", "--run-dir", clustered, "--port", port, "--ask-timeout", "5", .. Options, .. journal];
        var seed = Start(seedArgs);
        Start("worker", "--seed-node", $"127.0.0.1:{port}", "--threads", "1");
        Start("worker", "--seed-node", $"127.0.0.1:{port}", "--threads", "1");

        var clock = Stopwatch.StartNew();
        while (Rows(clustered) < 2 && clock.Elapsed < TimeSpan.FromSeconds(90) && !seed.HasExited) Thread.Sleep(50);
        Assert.False(seed.HasExited, "the seed ended before it could be killed");
        seed.Kill(); // SIGKILL
        seed.WaitForExit();
        int doneAtKill = Rows(clustered);
        Assert.InRange(doneAtKill, 2, 14);

        var restarted = Start(seedArgs);
        bool ended = restarted.WaitForExit(TimeSpan.FromSeconds(180));
        if (!ended)
        {
            string log = Path.Combine(clustered, "hades.log");
            string tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).Where(l => !l.StartsWith(' ')).TakeLast(15)) : "(no hades.log)";
            Assert.Fail($"the restarted seed did not finish ({Rows(clustered)} generations)\n{transcript}\n--- hades.log ---\n{tail}");
        }
        Assert.Equal(0, restarted.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "dataset.json")), File.ReadAllBytes(Path.Combine(clustered, "dataset.json")));
        Assert.Equal(15, Rows(clustered));
    }

    public void Dispose()
    {
        foreach (var p in processes)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        dir.Dispose();
    }
}
