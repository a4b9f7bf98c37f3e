using System.Text.Json.Nodes;
using Hades.Tests.Host.Commands;
using Hades.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Hades.Tests.Host.Faults;

/// <summary>
/// A run dir's config.json is bound to its journal: an edited config, an empty or foreign journal under recorded
/// progress, or a journal of a newer format is refused by resume and status in one line, and nothing is written.
/// </summary>
public sealed class JournalBindingFaultTests(FinishedRunFixture finished) : IClassFixture<FinishedRunFixture>, IDisposable
{
    readonly TempDir scratch = new();

    static void EditConfig(string dir, Action<JsonObject> edit)
    {
        string file = Path.Combine(dir, "config.json");
        var node = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        edit(node);
        File.WriteAllText(file, node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    static void Sql(string journal, string sql)
    {
        using var c = new SqliteConnection($"Data Source={journal};Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    static string Journal(string dir) => Path.Combine(dir, "journal.db");

    [Theory]
    [InlineData("resume")]
    [InlineData("status")]
    public void An_edited_seed_is_refused(string command)
    {
        string dir = finished.Copy(scratch);
        EditConfig(dir, c => c["seed"] = 5);
        FaultAssert.RefusedAndUntouched(dir, "does not match the settings", command, dir);
    }

    [Fact]
    public void A_repeated_key_in_config_json_is_refused()
    {
        string dir = finished.Copy(scratch);
        string file = Path.Combine(dir, "config.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"seed\": 4,", "\"seed\": 4,\n  \"seed\": 5,"));
        FaultAssert.RefusedAndUntouched(dir, "Duplicate property 'seed'", "resume", dir);
    }

    [Fact]
    public void A_reformatted_config_is_accepted()
    {
        string dir = finished.Copy(scratch);
        EditConfig(dir, _ => { }); // same values, other whitespace
        var r = HadesProcess.Run("status", dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("3/3 generations", r.Stdout);
    }

    [Theory]
    [InlineData("dataset_size", 10_000_000, "dataset-size 10000000 is above the limit")]
    [InlineData("population_size", 1_000_000_000, "population-size 1000000000 is above the limit")]
    [InlineData("dataset_size", 3, "does not match the settings")]
    public void An_edited_size_is_refused_before_anything_is_allocated(string key, int value, string expected)
    {
        string dir = finished.Copy(scratch);
        EditConfig(dir, c => c[key] = value);
        FaultAssert.RefusedAndUntouched(dir, expected, "resume", dir);
    }

    [Fact]
    public void A_non_finite_number_in_config_json_is_refused()
    {
        string dir = finished.Copy(scratch);
        string file = Path.Combine(dir, "config.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"sigma\": 0.1", "\"sigma\": 1e400"));
        FaultAssert.RefusedAndUntouched(dir, "sigma must be a finite number", "resume", dir);
    }

    [Fact]
    public void A_lowered_budget_is_refused()
    {
        string dir = finished.Copy(scratch);
        EditConfig(dir, c => c["generations"] = 2);
        FaultAssert.RefusedAndUntouched(dir, "below the 3 the journal records", "resume", dir);
    }

    [Theory]
    [InlineData("resume")]
    [InlineData("status")]
    public void A_zero_byte_journal_under_recorded_progress_is_refused(string command)
    {
        string dir = finished.Copy(scratch);
        File.WriteAllBytes(Journal(dir), []);
        FaultAssert.RefusedAndUntouched(dir, "holds no events of this run", command, dir);
    }

    [Fact]
    public void A_journal_copied_from_another_run_is_refused()
    {
        string dir = finished.Copy(scratch), other = finished.Copy(scratch, "other");
        File.WriteAllText(Path.Combine(other, "run-id"), Guid.NewGuid().ToString("N") + "\n"); // another run's identity
        File.Copy(Journal(dir), Journal(other), overwrite: true);
        FaultAssert.RefusedAndUntouched(other, "belongs to another run", "resume", other);
    }

    [Fact]
    public void A_journal_of_a_newer_format_is_refused()
    {
        string dir = finished.Copy(scratch);
        Sql(Journal(dir), "UPDATE hades_binding SET format_version = 99");
        FaultAssert.RefusedAndUntouched(dir, "written by a newer Hades (journal format 99", "resume", dir);
    }

    [Fact]
    [Trait("Category", "slow")]
    public void An_older_run_dir_without_a_binding_is_accepted_and_bound_on_resume_but_not_by_status()
    {
        string dir = finished.Copy(scratch);
        Sql(Journal(dir), "DROP TABLE hades_binding");
        var before = DirectorySnapshot.Of(dir);
        var status = HadesProcess.Run("status", dir);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Equal(before, DirectorySnapshot.Of(dir)); // status never writes
        var resume = HadesProcess.Run("resume", dir, "--quiet");
        Assert.True(resume.ExitCode == 0, resume.Stderr);
        EditConfig(dir, c => c["seed"] = 5);
        FaultAssert.RefusedAndUntouched(dir, "does not match the settings", "resume", dir);
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Resume_generations_raises_the_journalled_budget()
    {
        string dir = finished.Copy(scratch);
        var r = HadesProcess.Run("resume", dir, "--generations", "4", "--final-eval-episodes", "0", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(4, JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!["generations"]!.GetValue<int>());
        var status = HadesProcess.Run("status", dir);
        Assert.Contains("4/4 generations (finished)", status.Stdout);
        EditConfig(dir, c => c["generations"] = 3);
        FaultAssert.RefusedAndUntouched(dir, "below the 4 the journal records", "resume", dir);
    }

    [Fact]
    public void Status_reads_a_journal_left_hot_by_a_kill_without_writing()
    {
        string dir = finished.Copy(scratch);
        string journal = Journal(dir);
        // A rollback journal of an uncommitted transaction, as a kill mid-write leaves it: the database file holds the
        // half-done change, journal.db-journal the pages to restore.
        string half = scratch.Sub("half.db");
        File.Copy(journal, half);
        using (var c = new SqliteConnection($"Data Source={half};Pooling=False"))
        {
            c.Open();
            using var command = c.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=DELETE; PRAGMA cache_size=1; BEGIN; CREATE TABLE filler(x); INSERT INTO filler SELECT randomblob(20000) FROM journal; DELETE FROM journal;";
            command.ExecuteNonQuery();
            File.Copy(half, journal + ".new");
            File.Copy(half + "-journal", journal + "-journal");
        }
        File.Move(journal + ".new", journal, overwrite: true);
        Assert.True(File.Exists(journal + "-journal"));
        var before = DirectorySnapshot.Of(dir);
        var r = HadesProcess.Run("status", dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("3/3 generations (finished)", r.Stdout);
        Assert.Equal(before, DirectorySnapshot.Of(dir));
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Final_eval_episodes_is_saved_and_a_resumed_run_has_the_uninterrupted_summary()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(finished.RunDir, "config.json")))!;
        Assert.Equal(4, config["final_eval_episodes"]!.GetValue<int>());
        string shorter = scratch.Sub("shorter");
        var first = HadesProcess.Run(["run", "--run-dir", shorter, "--quiet", .. FinishedRunFixture.TinyOptions.Select(o => o == "3" ? "2" : o)]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var resumed = HadesProcess.Run("resume", shorter, "--generations", "3", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(WithoutTimings(finished.RunDir), WithoutTimings(shorter));
        Assert.Equal(File.ReadAllBytes(Path.Combine(finished.RunDir, "dataset.json")), File.ReadAllBytes(Path.Combine(shorter, "dataset.json")));
    }

    static string WithoutTimings(string dir)
    {
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!.AsObject();
        summary.Remove("distill_seconds");
        return summary.ToJsonString();
    }

    public void Dispose() => scratch.Dispose();
}
