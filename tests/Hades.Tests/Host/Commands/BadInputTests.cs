using Hades.Tests.Support;
using Hades.Host.Hosting;

namespace Hades.Tests.Host.Commands;

/// <summary>Every bad input gets exactly one line on stderr, a non-zero exit code, no stack trace, and leaves
/// stored files as they were.</summary>
public sealed class BadInputTests(FinishedRunFixture finished) : IClassFixture<FinishedRunFixture>, IDisposable
{
    readonly TempDir scratch = new();

    static void AssertOneLineError(HadesProcess.Result r, string expectedFragment)
    {
        Assert.NotEqual(0, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line, got:\n{r.Stderr}");
        Assert.StartsWith("hades: error:", lines[0]);
        Assert.Contains(expectedFragment, lines[0]);
        Assert.DoesNotContain("   at ", r.Stdout + r.Stderr);
    }

    [Theory]
    [InlineData("unknown task 'nosuch'", "run", "--task", "nosuch")]
    [InlineData("population size must be an even number", "run", "--population", "-4")]
    [InlineData("population size must be an even number", "run", "--population", "7")]
    [InlineData("dataset-size must be a positive integer", "run", "--dataset-size", "0")]
    [InlineData("generations must be a positive integer", "run", "--generations", "-1")]
    [InlineData("--generations expects an integer", "run", "--generations", "abc")]
    [InlineData("--sigma expects a number", "run", "--sigma", "NaN")]
    [InlineData("unknown option '--bogus'", "run", "--bogus", "1")]
    [InlineData("CUDA is not available", "run", "--device", "cuda")]
    [InlineData("unknown device 'tpu'", "run", "--device", "tpu")]
    [InlineData("comma-separated integers", "run", "--hidden", "64,x")]
    [InlineData("hidden widths must be positive", "run", "--hidden", "64,0")]
    [InlineData("unknown activation 'sigmoid'", "run", "--activation", "sigmoid")]
    [InlineData("unknown mode 'Q'", "run", "--mode", "Q")]
    [InlineData("sticky-actions must lie in [0, 1]", "run", "--task", "breakout", "--sticky-actions", "1.5")]
    [InlineData("ramping must be on or off", "run", "--task", "seaquest", "--ramping", "maybe")]
    [InlineData("option --seed needs a value", "run", "--seed")]
    [InlineData("unknown command 'fly'", "fly")]
    [InlineData("--start must be balancing or zero", "bench", "--task", "cartpole", "--start", "middle")]
    [InlineData("--envs: unknown task 'pong'", "bench", "--envs", "breakout,pong")]
    [InlineData("option --repeats does not apply to 'hades bench' with --envs", "bench", "--envs", "breakout", "--repeats", "2")]
    [InlineData("give --repeats or --generations (measured generations), not both", "bench", "--task", "cartpole", "--generations", "2", "--repeats", "3")]
    [InlineData("needs a run dir", "resume")]
    [InlineData("run dir not found", "resume", "/nonexistent/hades/run")]
    [InlineData("needs a run dir or a dataset file", "eval")]
    [InlineData("--episodes must be a positive integer", "eval", "/nonexistent", "--episodes", "0")]
    [InlineData("is not a seed-node address", "worker", "--seed-node", "not an address")]
    [InlineData("names actor system 'other'", "worker", "--seed-node", "akka.tcp://other@127.0.0.1:4053")]
    [InlineData("needs --seed-node", "worker")]
    [InlineData("config file not found", "worker", "--seed-node", "127.0.0.1:1", "--config", "/nonexistent.conf")]
    [InlineData("needs --run-dir", "seed")]
    [InlineData("--port must be 1..65535", "seed", "--run-dir", "/tmp/x", "--port", "70000")]
    [InlineData("--silence-limit (5 s) must exceed --ask-timeout (10 s)", "seed", "--run-dir", "/nonexistent/hades/seed", "--ask-timeout", "10", "--silence-limit", "5")]
    [InlineData("--silence-limit must be > 0", "campaign", "/nonexistent/campaign.json", "--silence-limit", "0")]
    [InlineData("unknown journal 'mongo'", "run", "--journal", "mongo")]
    [InlineData("--pg-connection needs --journal postgres", "run", "--pg-connection", "Host=x")]
    [InlineData("campaign file not found", "campaign", "/nonexistent/campaign.json")]
    [InlineData("at least two run dirs", "zero-shot", "/tmp")]
    public void Bad_arguments_fail_with_one_line(string expected, params string[] args)
    {
        AssertOneLineError(HadesProcess.Run(args), expected);
    }

    [Fact]
    public void An_unreachable_seed_node_is_reported_after_the_join_timeout()
    {
        var r = HadesProcess.Run("worker", "--seed-node", $"127.0.0.1:{FreePort.Next()}", "--join-timeout", "2");
        AssertOneLineError(r, "cannot reach seed node");
    }

    [Fact]
    public void Invalid_hocon_in_a_config_file_is_reported()
    {
        string file = scratch.Sub("bad.conf");
        File.WriteAllText(file, "akka.remote.dot-netty.tcp.port = ${no.such.setting}");
        AssertOneLineError(HadesProcess.Run("worker", "--seed-node", "127.0.0.1:1", "--config", file), "not valid HOCON");
    }

    [Fact]
    public void A_campaign_run_dir_cannot_be_resumed_on_its_own()
    {
        string dir = finished.Copy(scratch);
        File.WriteAllText(Path.Combine(dir, "journal-kind"), "campaign\n");
        AssertOneLineError(HadesProcess.Run("resume", dir), "belongs to a campaign");
    }

    [Fact]
    public void A_sqlite_run_cannot_continue_in_postgres()
    {
        string dir = finished.Copy(scratch);
        var before = DirectorySnapshot.Of(dir);
        AssertOneLineError(HadesProcess.Run("resume", dir, "--journal", "postgres"), "is journalled in sqlite");
        Assert.Equal(before, DirectorySnapshot.Of(dir));
    }

    [Fact]
    public void A_run_dir_of_another_config_is_refused_and_untouched()
    {
        string dir = finished.Copy(scratch);
        var before = DirectorySnapshot.Of(dir);
        var r = HadesProcess.Run(["run", "--run-dir", dir, .. FinishedRunFixture.TinyOptions.Select(o => o == "4" ? "5" : o)]);
        AssertOneLineError(r, "belongs to another config");
        Assert.Equal(before, DirectorySnapshot.Of(dir));
    }

    [Fact]
    public void A_non_empty_foreign_directory_is_not_used_as_a_run_dir()
    {
        string dir = scratch.Sub("photos");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "holiday.jpg"), "not a run");
        var before = DirectorySnapshot.Of(dir);
        AssertOneLineError(HadesProcess.Run("run", "--run-dir", dir), "holds no Hades run");
        Assert.Equal(before, DirectorySnapshot.Of(dir));
    }

    [Fact]
    public void A_file_given_as_run_dir_is_refused()
    {
        string file = scratch.Sub("file.txt");
        File.WriteAllText(file, "x");
        AssertOneLineError(HadesProcess.Run("run", "--run-dir", file), "is a file");
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void Resume_of_a_directory_without_config_is_refused()
    {
        AssertOneLineError(HadesProcess.Run("resume", scratch.Path), "not a Hades run dir");
    }

    [Fact]
    public void A_corrupt_config_is_reported_and_left_alone()
    {
        string dir = finished.Copy(scratch);
        File.WriteAllText(Path.Combine(dir, "config.json"), "{ \"task\": \"cartpole\", \"population_size\": ");
        var before = DirectorySnapshot.Of(dir);
        AssertOneLineError(HadesProcess.Run("resume", dir), "not a valid Hades config");
        Assert.Equal(before, DirectorySnapshot.Of(dir));
    }

    [Fact]
    public void A_config_with_an_unknown_key_is_reported()
    {
        string dir = finished.Copy(scratch);
        File.WriteAllText(Path.Combine(dir, "config.json"), "{ \"task\": \"cartpole\", \"colour\": \"red\" }");
        AssertOneLineError(HadesProcess.Run("resume", dir), "not a valid Hades config");
    }

    [Fact]
    public void A_config_with_bad_values_is_reported()
    {
        string dir = finished.Copy(scratch);
        File.WriteAllText(Path.Combine(dir, "config.json"), "{ \"task\": \"cartpole\", \"population_size\": 3 }");
        AssertOneLineError(HadesProcess.Run("resume", dir), "config.json: population size must be an even number");
    }

    [Fact]
    public void A_corrupt_journal_is_reported_and_left_alone()
    {
        string dir = finished.Copy(scratch);
        File.WriteAllBytes(Path.Combine(dir, "journal.db"), Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
        var before = DirectorySnapshot.Of(dir);
        AssertOneLineError(HadesProcess.Run("resume", dir), "cannot be read as a Hades journal");
        Assert.Equal(before, DirectorySnapshot.Of(dir));
    }

    [Fact]
    public void A_foreign_sqlite_database_is_not_taken_for_a_journal()
    {
        string dir = finished.Copy(scratch);
        string journal = Path.Combine(dir, "journal.db");
        File.Delete(journal);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={journal};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');";
            cmd.ExecuteNonQuery();
        }
        var before = DirectorySnapshot.Of(dir);
        AssertOneLineError(HadesProcess.Run("resume", dir), "database of another program");
        Assert.Equal(before, DirectorySnapshot.Of(dir));
    }

    [Fact]
    public void A_missing_journal_with_recorded_progress_is_refused()
    {
        string dir = finished.Copy(scratch);
        File.Delete(Path.Combine(dir, "journal.db"));
        var before = DirectorySnapshot.Of(dir);
        AssertOneLineError(HadesProcess.Run("resume", dir), "journal.db is missing");
        Assert.Equal(before, DirectorySnapshot.Of(dir));
    }

    [Fact]
    public void A_corrupt_dataset_is_reported_by_eval()
    {
        string dir = finished.Copy(scratch);
        File.WriteAllText(Path.Combine(dir, "dataset.json"), "{\"task\": \"cartpole\", \"states\": [[1, 2]], \"labels\": [0]}");
        AssertOneLineError(HadesProcess.Run("eval", dir, "--episodes", "2"), "dataset has 1 pairs but the run uses 2");
    }

    [Fact]
    public void Eval_of_a_dataset_for_another_task_is_refused()
    {
        string dir = finished.Copy(scratch);
        File.WriteAllText(Path.Combine(dir, "dataset.json"), "{\"task\": \"acrobot\", \"states\": [[1,2,3,4,5,6],[1,2,3,4,5,6]], \"labels\": [0, 1]}");
        AssertOneLineError(HadesProcess.Run("eval", dir, "--episodes", "2"), "dataset is for task 'acrobot'");
    }

    public void Dispose() => scratch.Dispose();
}
