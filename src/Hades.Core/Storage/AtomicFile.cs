using System.Text;

namespace Hades.Core.Storage;

/// <summary>
/// The one way run-dir files are replaced: write <c>FILE.tmp</c>, flush it to disk, rename it over <c>FILE</c>.
/// A kill leaves either the old or the new file, never half of one; a failed write (full or read-only disk)
/// removes its temporary file and rethrows, so no <c>*.tmp</c> is left behind.
/// </summary>
public static class AtomicFile
{
    public const string TempSuffix = ".tmp";

    public static void WriteAllText(string path, string content) => Write(path, s =>
    {
        var bytes = new UTF8Encoding(false).GetBytes(content);
        s.Write(bytes);
    });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        var copy = content.ToArray();
        Write(path, s => s.Write(copy));
    }

    /// <summary>Writes whatever <paramref name="fill"/> puts into the stream, then publishes it atomically.</summary>
    public static void Write(string path, Action<Stream> fill, bool overwrite = true)
    {
        string temp = path + TempSuffix;
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                fill(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    static void TryDelete(string temp)
    {
        try { if (File.Exists(temp)) File.Delete(temp); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
