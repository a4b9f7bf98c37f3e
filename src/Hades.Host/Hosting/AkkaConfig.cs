using Akka.Configuration;
using Akka.Persistence.Sql;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>Builds the ActorSystem config from the shipped <c>hocon/*.conf</c> files plus per-run settings.</summary>
public static class AkkaConfig
{
    static string HoconDirectory => Path.Combine(AppContext.BaseDirectory, "hocon");

    static Config File(string name) => ConfigurationFactory.ParseString(System.IO.File.ReadAllText(Path.Combine(HoconDirectory, name)));

    /// <summary>Single process, SQLite journal and snapshots in the run dir's journal.db.</summary>
    public static Config EmbeddedRun(RunDirectory run) =>
        Journal(run).WithFallback(File("local.conf")).WithFallback(SqlPersistence.DefaultConfiguration);

    /// <summary>The run's journal: SQLite in the run dir, logs to the run dir's hades.log.</summary>
    static Config Journal(RunDirectory run)
    {
        string connection = Quote($"Data Source={run.JournalFile};Pooling=False");
        return ConfigurationFactory.ParseString($"""
            akka.persistence.journal.sql.connection-string = {connection}
            akka.persistence.snapshot-store.sql.connection-string = {connection}
            hades.log-file = {Quote(Path.Combine(run.Path, "hades.log"))}
            """).WithFallback(File("sqlite.conf"));
    }

    /// <summary>A cluster node: remoting on <paramref name="hostname"/>:<paramref name="port"/> with the given
    /// roles and seed nodes; with a run, also its journal.</summary>
    public static Config ClusterNode(string hostname, int port, IEnumerable<string> roles, IEnumerable<string> seedNodes,
        RunDirectory? run = null, string? logFile = null)
    {
        var node = ConfigurationFactory.ParseString($"""
            akka.remote.dot-netty.tcp.hostname = {Quote(hostname)}
            akka.remote.dot-netty.tcp.port = {port}
            akka.cluster.roles = [{string.Join(", ", roles.Select(Quote))}]
            akka.cluster.seed-nodes = [{string.Join(", ", seedNodes.Select(Quote))}]
            {(logFile is null ? "" : $"hades.log-file = {Quote(logFile)}")}
            """);
        var config = run is null ? node : node.WithFallback(Journal(run));
        return config
            .WithFallback(File("cluster.conf"))
            .WithFallback(File("local.conf"))
            .WithFallback(SqlPersistence.DefaultConfiguration)
            .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingletonManager.DefaultConfig());
    }

    static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
