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
            if (tables.Count > 0 && !tables.Contains("journal"))
                throw new HadesUserException($"{journalFile} is a SQLite database of another program (no journal table); refusing to use it");
        }
        catch (SqliteException e)
        {
            throw new HadesUserException($"{journalFile} cannot be read as a Hades journal ({e.Message.Split('\n')[0]})");
        }
    }
}
