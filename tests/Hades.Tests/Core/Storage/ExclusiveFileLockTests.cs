using System.Diagnostics;
using Hades.Core.Storage;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Storage;

/// <summary>The stage lock is an OS lock (flock): one holder at a time, in this process or another, visible to
/// flock(1), and gone when the holding process is killed.</summary>
public sealed class ExclusiveFileLockTests : IDisposable
{
    readonly TempDir dir = new();

    static int FlockNonBlocking(string file)
    {
        using var p = Process.Start(new ProcessStartInfo("flock", ["-n", file, "true"]) { UseShellExecute = false })!;
        p.WaitForExit();
        return p.ExitCode;
    }

    [Fact]
    public void One_holder_at_a_time_and_other_processes_see_it()
    {
        string file = Path.Combine(dir.Path, "stage.lock");
        using (var first = ExclusiveFileLock.TryAcquire(file, "first"))
        {
            Assert.NotNull(first);
            Assert.Null(ExclusiveFileLock.TryAcquire(file, "second"));
            Assert.Equal(1, FlockNonBlocking(file)); // flock(1) -n: 1 = held elsewhere
        }
        Assert.Equal(0, FlockNonBlocking(file));
        using (var again = ExclusiveFileLock.TryAcquire(file, "third")) Assert.NotNull(again);
        Assert.Equal("third\n", File.ReadAllText(file)); // the last holder's note, for people
    }

    [Fact]
    public async Task A_lock_held_by_a_killed_process_is_free_at_once()
    {
        string file = Path.Combine(dir.Path, "stage.lock");
        using var holder = Process.Start(new ProcessStartInfo("flock", [file, "sleep", "60"]) { UseShellExecute = false })!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (FlockNonBlocking(file) == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Null(ExclusiveFileLock.TryAcquire(file, "mine"));
            var waiting = 0;
            var acquiring = ExclusiveFileLock.AcquireAsync(file, "mine", TimeSpan.FromMilliseconds(20), () => waiting++, CancellationToken.None);
            Assert.False(acquiring.IsCompleted);
            holder.Kill(entireProcessTree: true); // SIGKILL to flock(1) and its sleep, which shares its descriptor: the kernel drops the lock
            holder.WaitForExit();
            using var held = await acquiring.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(1, waiting);
        }
        finally { if (!holder.HasExited) holder.Kill(entireProcessTree: true); }
    }

    [Fact]
    public async Task Waiting_for_a_lock_can_be_cancelled()
    {
        string file = Path.Combine(dir.Path, "stage.lock");
        using var first = ExclusiveFileLock.TryAcquire(file, "first");
        using var cancel = new CancellationTokenSource();
        var waiting = ExclusiveFileLock.AcquireAsync(file, "second", TimeSpan.FromMilliseconds(20), cancel.Cancel, cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    public void Dispose() => dir.Dispose();
}
