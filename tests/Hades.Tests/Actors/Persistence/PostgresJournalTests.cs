using System.Diagnostics;
using Hades.Tests.Support;
using Npgsql;

namespace Hades.Tests.Actors.Persistence;

/// <summary>
/// The PostgreSQL journal: a server restart in the middle of a run pauses it; it continues without losing or
/// repeating an event and ends with the same dataset as an uninterrupted run.
/// </summary>
[Collection("cluster")] // restarts the shared server: nothing else may use it meanwhile
public sealed class PostgresJournalTests : IDisposable
{
    readonly TempDir dir = new();

    static readonly string[] Options =
    [
        "--task", "cartpole", "--seed", "41", "--generations", "40", "--population", "128", "--dataset-size", "2",
        "--hidden", "16", "--inner-steps", "10", "--episodes", "2", "--eval-policies", "2",
        "--inits", "2", "--init-aggregate", "mean", "--stop-when-solved", "0", "--learners", "", "--sigma", "0.1", "--eval-aggregate", "mean", // not the default job: the settings these tests were written for
        "--final-eval-episodes", "0", "--quiet",
    ];

    static int Rows(string runDir)
    {
        try { string m = Path.Combine(runDir, "metrics.csv"); return File.Exists(m) ? File.ReadAllLines(m).Length - 1 : 0; }
        catch (IOException) { return 0; }
    }

    [PostgresFact(NeedsRestart = true)]
    public void A_server_restart_mid_run_pauses_the_run_and_loses_no_event()
    {
        string reference = dir.Sub("reference"), run = dir.Sub("pg");
        var single = HadesProcess.Run(["run", "--run-dir", reference, .. Options]);
        Assert.True(single.ExitCode == 0, single.Stderr);

        using var p = HadesProcess.Start(["run", "--run-dir", run, "--journal", "postgres", "--pg-connection", PostgresFactAttribute.Connection!, .. Options]);
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (Rows(run) < 3 && !p.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(20);
        Assert.False(p.HasExited, "the run ended before the server restart");
        var restart = Process.Start("/bin/sh", ["-c", PostgresFactAttribute.RestartCommand!]);
        restart.WaitForExit();
        Assert.Equal(0, restart.ExitCode);
        Assert.True(Rows(run) < 40, "the restart came too late to interrupt the run");

        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(180)), "the run did not finish after the restart");
        Assert.True(p.ExitCode == 0, stderr.Result);
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "dataset.json")), File.ReadAllBytes(Path.Combine(run, "dataset.json")));

        string persistenceId = "population-" + File.ReadAllText(Path.Combine(run, "run-id")).Trim();
        using var connection = new NpgsqlConnection(PostgresFactAttribute.Connection);
        connection.Open();
        using var query = new NpgsqlCommand("SELECT sequence_number FROM journal WHERE persistence_id = @id ORDER BY sequence_number", connection);
        query.Parameters.AddWithValue("id", persistenceId);
        var sequence = new List<long>();
        using (var reader = query.ExecuteReader()) while (reader.Read()) sequence.Add(reader.GetInt64(0));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), sequence);
    }

    public void Dispose() => dir.Dispose();
}
