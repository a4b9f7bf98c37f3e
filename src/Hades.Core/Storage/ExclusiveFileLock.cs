namespace Hades.Core.Storage;

/// <summary>
/// An exclusive OS lock on a file, held while this object lives. On Linux .NET takes it with
/// <c>flock(LOCK_EX | LOCK_NB)</c> when a file is opened with <see cref="FileShare.None"/>, so it is seen by every
/// process (and by <c>flock(1)</c>) and it vanishes with the process that holds it, even after <c>kill -9</c>: no
/// stale lock is ever left behind. The file itself stays (its content names the last holder, for people).
/// </summary>
public sealed class ExclusiveFileLock : IDisposable
{
    readonly FileStream stream;

    ExclusiveFileLock(FileStream stream, string path) { this.stream = stream; Path = path; }

    public string Path { get; }

    /// <summary>The lock, or null while another holder (this process or another) has it. Other I/O failures (no
    /// folder, no permission) throw.</summary>
    public static ExclusiveFileLock? TryAcquire(string path, string holder)
    {
        FileStream stream;
        try { stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) when (File.Exists(path)) { return null; } // it exists and is a file: someone holds it
        try
        {
            stream.SetLength(0);
            var text = System.Text.Encoding.UTF8.GetBytes(holder + "\n");
            stream.Write(text);
            stream.Flush();
        }
        catch (IOException) { } // the note is for people; the lock is what counts
        return new ExclusiveFileLock(stream, path);
    }

    /// <summary>Waits (polling every <paramref name="poll"/>) until the lock is free and takes it;
    /// <paramref name="waiting"/> is called once if it has to wait. Cancelling stops the wait.</summary>
    public static async Task<ExclusiveFileLock> AcquireAsync(string path, string holder, TimeSpan poll, Action? waiting, CancellationToken cancel)
    {
        bool told = false;
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            if (TryAcquire(path, holder) is { } held) return held;
            if (!told) { told = true; waiting?.Invoke(); }
            await Task.Delay(poll, cancel);
        }
    }

    public void Dispose() => stream.Dispose();
}
