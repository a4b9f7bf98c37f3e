using System.Collections.Concurrent;
using System.Threading.Channels;
using Hades.Core.Runs;

namespace Hades.Host.Dashboard;

/// <summary>Something the dashboard's pages hear about as it happens.</summary>
public abstract record DashboardEvent(string RunPath);

/// <summary>A generation of the run in <paramref name="RunPath"/> finished (its row of metrics.csv).</summary>
public sealed record GenerationEvent(string RunPath, GenerationRecord Record, int TotalGenerations) : DashboardEvent(RunPath);

/// <summary>The run's status changed (running, finished, stopped, failed, not started).</summary>
public sealed record StatusEvent(string RunPath, string Status) : DashboardEvent(RunPath);

/// <summary>
/// The in-process feed behind the dashboard's server-sent events. Runs in this process publish here (the run
/// listener's generation callback); the run-folder watcher publishes what other processes write. Each
/// generation of a run goes out once, whoever saw it first; subscribers that fall behind lose the oldest events
/// (the pages re-read the history from the JSON endpoints on reconnect).
/// </summary>
public sealed class DashboardFeed
{
    readonly object gate = new();
    readonly Dictionary<string, int> lastGeneration = new(StringComparer.Ordinal);
    readonly List<Channel<DashboardEvent>> subscribers = [];
    readonly ConcurrentDictionary<string, string> liveStatus = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, ClusterProbe> clusters = new(StringComparer.Ordinal);

    /// <summary>Publishes a finished generation unless this generation (or a later one) of the run went out already.
    /// Returns whether it was published.</summary>
    public bool Publish(GenerationEvent e)
    {
        string path = Normalise(e.RunPath);
        lock (gate)
        {
            if (lastGeneration.TryGetValue(path, out int last) && e.Record.Generation <= last) return false;
            lastGeneration[path] = e.Record.Generation;
            Broadcast(e with { RunPath = path });
        }
        return true;
    }

    /// <summary>Forgets the generations published for a run whose history was replaced (a new run in the same
    /// folder), so its generations go out again.</summary>
    public void Reset(string runPath)
    {
        lock (gate) lastGeneration.Remove(Normalise(runPath));
    }

    /// <summary>Publishes a status change.</summary>
    public void Publish(StatusEvent e)
    {
        lock (gate) Broadcast(e with { RunPath = Normalise(e.RunPath) });
    }

    /// <summary>A run of this process started: it reads as running until <see cref="RunEnded"/>.</summary>
    public void RunStarted(string runPath)
    {
        liveStatus[Normalise(runPath)] = RunStatus.Running;
        Publish(new StatusEvent(runPath, RunStatus.Running));
    }

    /// <summary>A run of this process ended with <paramref name="status"/> (one of <see cref="RunStatus"/>).</summary>
    public void RunEnded(string runPath, string status)
    {
        liveStatus[Normalise(runPath)] = status;
        clusters.TryRemove(Normalise(runPath), out _);
        Publish(new StatusEvent(runPath, status));
    }

    /// <summary>The status of a run of this process, or null for runs this process does not drive.</summary>
    public string? LiveStatus(string runPath) => liveStatus.TryGetValue(Normalise(runPath), out var s) ? s : null;

    /// <summary>Makes the cluster behind a run (a seed's members and their evaluators) visible on its page.</summary>
    public void AttachCluster(string runPath, ClusterProbe probe) => clusters[Normalise(runPath)] = probe;

    public ClusterProbe? Cluster(string runPath) => clusters.TryGetValue(Normalise(runPath), out var p) ? p : null;

    /// <summary>A new subscription; dispose it to unsubscribe.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<DashboardEvent>(new BoundedChannelOptions(1024)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
        });
        lock (gate) subscribers.Add(channel);
        return new Subscription(this, channel);
    }

    public int SubscriberCount { get { lock (gate) return subscribers.Count; } }

    void Broadcast(DashboardEvent e)
    {
        foreach (var s in subscribers) s.Writer.TryWrite(e);
    }

    void Remove(Channel<DashboardEvent> channel)
    {
        lock (gate) subscribers.Remove(channel);
        channel.Writer.TryComplete();
    }

    static string Normalise(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    public sealed class Subscription(DashboardFeed feed, Channel<DashboardEvent> channel) : IDisposable
    {
        public ChannelReader<DashboardEvent> Events => channel.Reader;
        public void Dispose() => feed.Remove(channel);
    }
}

/// <summary>The statuses a run shows on the dashboard.</summary>
public static class RunStatus
{
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Stopped = "stopped";
    public const string Failed = "failed";
    public const string NotStarted = "not started";
}
