using Hades.Core;
using Microsoft.Data.Sqlite;

namespace Hades.Actors.Persistence;

/// <summary>
/// Checks a run's SQLite journal file before Akka opens it: a file that is not a database, or a database of
/// some other program, is refused with a clear message instead of being "initialised" or timing out in
/// recovery. It opens the file read-write but never creates it and writes nothing itself: SQLite only rolls
/// back a transaction that a killed process left half-done (its normal crash recovery).
/// </summary>
public static class JournalPreflight
{
    /// <summary>The tables of a Hades journal: Akka.Persistence.Sql's and the run binding (<see cref="JournalBindingStore"/>).</summary>
    internal static readonly HashSet<string> AkkaSqlTables = ["journal", "tags", "snapshot", "journal_metadata", "sqlite_sequence", "hades_binding"];

    public static void Check(string journalFile)
    {
        if (!File.Exists(journalFile)) return; // a new run: Akka creates it
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = journalFile, Mode = SqliteOpenMode.ReadWrite, Pooling = false,
            }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            var tables = new List<string>();
            using (var reader = command.ExecuteReader())
                while (reader.Read()) tables.Add(reader.GetString(0));
            // Akka.Persistence.Sql creates its tables one statement at a time, so a kill during a run's first start
            // can leave only some of them: that is still our (empty) journal. Any other table means another program.
            var foreign = tables.Where(t => !AkkaSqlTables.Contains(t)).ToList();
            if (foreign.Count > 0)
                throw new HadesUserException($"{journalFile} is a SQLite database of another program (table {foreign[0]}); refusing to use it");
        }
        catch (SqliteException e)
        {
            throw new HadesUserException($"{journalFile} cannot be read as a Hades journal ({e.Message.Split('\n')[0]})");
        }
    }
}
