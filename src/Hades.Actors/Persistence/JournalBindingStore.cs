using System.Data.Common;
using Hades.Core;
using Microsoft.Data.Sqlite;

namespace Hades.Actors.Persistence;

/// <summary>Reads and records <see cref="JournalBinding"/>s in a SQLite journal file or a PostgreSQL database.</summary>
public static class JournalBindingStore
{
    const string Table = "hades_binding";

    /// <summary>Reads a SQLite journal without writing to it (a hot journal is read from a copy).</summary>
    public static JournalContents InspectSqlite(string file, string persistenceId)
    {
        if (!File.Exists(file)) return new JournalContents(false, 0, [], null);
        try
        {
            using var reader = SqliteReader.Open(file);
            var tables = Tables(reader.Connection);
            var foreign = tables.Where(t => !JournalPreflight.AkkaSqlTables.Contains(t)).ToList();
            if (foreign.Count > 0)
                throw new HadesUserException($"{file} is a SQLite database of another program (table {foreign[0]}); refusing to use it");
            return Inspect(reader.Connection, persistenceId);
        }
        catch (SqliteException e)
        {
            throw new HadesUserException($"{file} cannot be read as a Hades journal ({e.Message.Split('\n')[0]})");
        }
    }

    public static JournalContents InspectPostgres(string connectionString, string persistenceId)
    {
        using var connection = PostgresStartup.Open(connectionString);
        return Inspect(connection, persistenceId);
    }

    public static void RecordSqlite(string file, JournalBinding binding)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false,
        }.ToString());
        connection.Open();
        Record(connection, binding);
    }

    public static void RecordPostgres(string connectionString, JournalBinding binding)
    {
        using var connection = PostgresStartup.Open(connectionString);
        Record(connection, binding);
    }

    static JournalContents Inspect(DbConnection connection, string persistenceId)
    {
        var tables = Tables(connection);
        long events = 0;
        var others = new List<string>();
        if (tables.Contains("journal"))
        {
            using var command = Command(connection, "SELECT persistence_id, MAX(sequence_number) FROM journal GROUP BY persistence_id");
            using var r = command.ExecuteReader();
            while (r.Read())
                if (r.GetString(0) == persistenceId) events = r.GetInt64(1);
                else others.Add(r.GetString(0));
        }
        JournalBinding? binding = null;
        if (tables.Contains(Table))
        {
            using var command = Command(connection, $"SELECT config_hash, format_version, budget FROM {Table} WHERE persistence_id = @id", ("@id", persistenceId));
            using var r = command.ExecuteReader();
            if (r.Read())
                binding = new JournalBinding(persistenceId, r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetInt64(2));
        }
        return new JournalContents(true, events, others, binding);
    }

    static HashSet<string> Tables(DbConnection connection)
    {
        string sql = connection is SqliteConnection
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        using var command = Command(connection, sql);
        using var r = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    }

    static void Record(DbConnection connection, JournalBinding b)
    {
        using (var create = Command(connection,
            $"CREATE TABLE IF NOT EXISTS {Table} (persistence_id VARCHAR(255) PRIMARY KEY, config_hash VARCHAR(64) NOT NULL, format_version INTEGER NOT NULL, budget BIGINT NULL)"))
            create.ExecuteNonQuery();
        using var upsert = Command(connection,
            $"INSERT INTO {Table} (persistence_id, config_hash, format_version, budget) VALUES (@id, @hash, @format, @budget) " +
            "ON CONFLICT (persistence_id) DO UPDATE SET config_hash = excluded.config_hash, format_version = excluded.format_version, budget = excluded.budget",
            ("@id", b.PersistenceId), ("@hash", b.ConfigHash), ("@format", b.FormatVersion), ("@budget", b.Budget is long v ? v : DBNull.Value));
        upsert.ExecuteNonQuery();
    }

    static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            if (value is DBNull) p.DbType = System.Data.DbType.Int64; // PostgreSQL needs a type for a null
            command.Parameters.Add(p);
        }
        return command;
    }
}
