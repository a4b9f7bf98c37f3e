using Hades.Actors.Persistence;
using Hades.Core;
using Hades.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Hades.Tests.Actors.Persistence;

public sealed class JournalPreflightTests : IDisposable
{
    readonly TempDir dir = new();
    public void Dispose() => dir.Dispose();

    string Database(string sql)
    {
        string file = Path.Combine(dir.Path, Guid.NewGuid().ToString("n") + ".db");
        using var c = new SqliteConnection($"Data Source={file};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
        return file;
    }

    [Fact]
    public void A_journal_whose_first_start_was_killed_between_table_creations_is_accepted()
    {
        // Akka.Persistence.Sql creates tags/snapshot/journal one statement at a time: a kill can leave a subset.
        Preflight(Database("CREATE TABLE tags (x INTEGER)"));
        Preflight(Database("CREATE TABLE snapshot (x INTEGER); CREATE TABLE tags (x INTEGER)"));
    }

    [Fact]
    public void A_database_with_any_other_table_is_refused_by_name()
    {
        string file = Database("CREATE TABLE tags (x INTEGER); CREATE TABLE recipes (name TEXT)");
        var e = Assert.Throws<HadesUserException>(() => JournalPreflight.Check(file));
        Assert.Contains("another program (table recipes)", e.Message);
    }

    static void Preflight(string file) => Assert.Null(Record.Exception(() => JournalPreflight.Check(file)));
}
