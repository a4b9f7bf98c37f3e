namespace Hades.Host.Dashboard;

/// <summary>
/// Polls the run folders (metrics.csv is rewritten atomically after every generation, whichever process runs
/// it) and publishes new generations and status changes to the <see cref="DashboardFeed"/>. A run seen for the
/// first time publishes nothing: its history is what the pages read from the JSON endpoints.
/// </summary>
public sealed class RunFolderWatcher : IAsyncDisposable
{
    readonly RunFolderScanner scanner;
    readonly DashboardFeed feed;
    readonly Dictionary<string, (int Generations, string Status)> seen = new(StringComparer.Ordinal);
    readonly CancellationTokenSource stop = new();
    readonly Task loop;

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    public RunFolderWatcher(RunFolderScanner scanner, DashboardFeed feed, TimeSpan? interval = null)
    {
        this.scanner = scanner;
        this.feed = feed;
        Poll();
        loop = Loop(interval ?? DefaultInterval, stop.Token);
    }

    async Task Loop(TimeSpan interval, CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancel))
            {
                try { Poll(); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // a folder vanished mid-scan: next tick
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>One look at every run folder.</summary>
    public void Poll()
    {
        foreach (var run in scanner.Scan().Runs)
        {
            if (!seen.TryGetValue(run.Path, out var before))
            {
                seen[run.Path] = (run.Generations, run.Status);
                continue;
            }
            bool replaced = run.Generations < before.Generations; // another run now lives in this folder
            if (replaced) feed.Reset(run.Path);
            else if (run.Generations > before.Generations)
                foreach (var record in scanner.Metrics(run.Path).Where(r => r.Generation >= before.Generations))
                    feed.Publish(new GenerationEvent(run.Path, record, run.TotalGenerations));
            // pages re-read a run's history on its status events
            if (replaced || run.Status != before.Status) feed.Publish(new StatusEvent(run.Path, run.Status));
            seen[run.Path] = (run.Generations, run.Status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        await loop;
        stop.Dispose();
    }
}
