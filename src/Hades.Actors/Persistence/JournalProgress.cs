using System.Data.Common;
using Hades.Core;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hades.Actors.Persistence;

/// <summary>
/// Reads progress straight from a journal: the highest sequence number of each persistence id. A population
/// journals one event per generation, so its highest sequence number is its finished generations; a
/// campaign's is 1 (its plan) + its finished experiments. Opens SQLite read-only (a hot journal left by a kill is read from a copy, see SqliteReader).
/// </summary>
public static class JournalProgress
{
    public static IReadOnlyDictionary<string, long> FromSqlite(string file)
    {
        if (!File.Exists(file)) return new Dictionary<string, long>();
        try
        {
            using var reader = SqliteReader.Open(file);
            return Query(reader.Connection, file);
        }
        catch (SqliteException e)
        {
            throw new HadesUserException($"cannot read {file} ({e.Message.Split('\n')[0]})");
        }
    }

    public static IReadOnlyDictionary<string, long> FromPostgres(string connectionString)
    {
        using var connection = PostgresStartup.Open(connectionString);
        return Query(connection, "the PostgreSQL journal");
    }

    static IReadOnlyDictionary<string, long> Query(DbConnection connection, string source)
    {
        try
        {
            if (connection.State != System.Data.ConnectionState.Open) connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT persistence_id, MAX(sequence_number) FROM journal GROUP BY persistence_id";
            var result = new Dictionary<string, long>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) result[reader.GetString(0)] = reader.GetInt64(1);
            return result;
        }
        catch (DbException e) when (e.Message.Contains("no such table") || e.Message.Contains("does not exist"))
        {
            return new Dictionary<string, long>();
        }
        catch (DbException e)
        {
            throw new HadesUserException($"cannot read {source} ({e.Message.Split('\n')[0]})");
        }
    }
}
