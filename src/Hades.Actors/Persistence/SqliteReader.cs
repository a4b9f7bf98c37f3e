using Microsoft.Data.Sqlite;

namespace Hades.Actors.Persistence;

/// <summary>
/// Opens a SQLite journal for reading without ever writing to it. A process killed mid-transaction leaves a hot
/// rollback journal (<c>FILE-journal</c>) or a write-ahead log (<c>FILE-wal</c>) that a read-only connection
/// cannot roll back ("attempt to write a readonly database"); then the database and those files are copied to
/// a temporary folder and the copy is read (SQLite rolls the copy back), so the run dir stays byte-identical.
/// </summary>
public sealed class SqliteReader : IDisposable
{
    readonly string? copyFolder;
    public SqliteConnection Connection { get; }

    SqliteReader(SqliteConnection connection, string? copyFolder)
    {
        Connection = connection;
        this.copyFolder = copyFolder;
    }

    public static SqliteReader Open(string file)
    {
        string[] sidecars = [file + "-journal", file + "-wal"];
        if (!sidecars.Any(File.Exists))
            return Opened(new SqliteConnection(ConnectionString(file, SqliteOpenMode.ReadOnly)), null);
        string folder = Path.Combine(Path.GetTempPath(), $"hades-read-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string copy = Path.Combine(folder, Path.GetFileName(file));
            File.Copy(file, copy);
            foreach (var sidecar in sidecars.Where(File.Exists))
                File.Copy(sidecar, copy + sidecar[file.Length..]);
            return Opened(new SqliteConnection(ConnectionString(copy, SqliteOpenMode.ReadWrite)), folder);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    static SqliteReader Opened(SqliteConnection connection, string? folder)
    {
        var reader = new SqliteReader(connection, folder);
        try { connection.Open(); }
        catch { reader.Dispose(); throw; }
        return reader;
    }

    static string ConnectionString(string file, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString();

    public void Dispose()
    {
        Connection.Dispose();
        if (copyFolder is not null)
            try { Directory.Delete(copyFolder, recursive: true); } catch (IOException) { }
    }
}
