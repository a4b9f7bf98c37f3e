using Akka.Configuration;
using Akka.Persistence.Sql;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>Builds the ActorSystem config from the shipped <c>hocon/*.conf</c> files plus per-run settings.</summary>
public static class AkkaConfig
{
    static string HoconDirectory => Path.Combine(AppContext.BaseDirectory, "hocon");

    static Config File(string name) => ConfigurationFactory.ParseString(System.IO.File.ReadAllText(Path.Combine(HoconDirectory, name)));

    /// <summary>Single process; the journal in the run dir's journal.db (or PostgreSQL).</summary>
    public static Config EmbeddedRun(RunDirectory run, JournalChoice? journal = null) =>
        Embedded(JournalStore.Of(run), journal ?? JournalChoice.Embedded);

    /// <summary>Single process with the journal in <paramref name="store"/> (SQLite) or PostgreSQL.</summary>
    public static Config Embedded(JournalStore store, JournalChoice journal) =>
        Journal(store, journal).WithFallback(File("local.conf")).WithFallback(SqlPersistence.DefaultConfiguration);

    /// <summary>The journal (SQLite file of the store, or PostgreSQL); logs go to the store's log file.</summary>
    static Config Journal(JournalStore store, JournalChoice journal)
    {
        bool sqlite = journal.Kind == JournalChoice.Sqlite;
        string connection = Quote(sqlite ? $"Data Source={store.SqliteFile};Pooling=False" : journal.ConnectionString!);
        return ConfigurationFactory.ParseString($"""
            akka.persistence.journal.sql.connection-string = {connection}
            akka.persistence.snapshot-store.sql.connection-string = {connection}
            hades.log-file = {Quote(store.LogFile)}
            """).WithFallback(File(sqlite ? "sqlite.conf" : "postgres.conf"));
    }

    /// <summary>A cluster node: remoting on <paramref name="hostname"/>:<paramref name="port"/> with the given
    /// roles and seed nodes; with a run, also its journal.</summary>
    public static Config ClusterNode(string hostname, int port, IEnumerable<string> roles, IEnumerable<string> seedNodes,
        JournalStore? store = null, JournalChoice? journal = null, string? logFile = null)
    {
        var node = ConfigurationFactory.ParseString($"""
            akka.remote.dot-netty.tcp.hostname = {Quote(hostname)}
            akka.remote.dot-netty.tcp.port = {port}
            akka.cluster.roles = [{string.Join(", ", roles.Select(Quote))}]
            akka.cluster.seed-nodes = [{string.Join(", ", seedNodes.Select(Quote))}]
            {(logFile is null ? "" : $"hades.log-file = {Quote(logFile)}")}
            """);
        var config = store is null ? node : node.WithFallback(Journal(store, journal ?? JournalChoice.Embedded));
        return config
            .WithFallback(File("cluster.conf"))
            .WithFallback(File("local.conf"))
            .WithFallback(SqlPersistence.DefaultConfiguration)
            .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingletonManager.DefaultConfig());
    }

    /// <summary>Where an embedded journal and the Akka log live: a run dir, or a campaign dir.</summary>
    public sealed record JournalStore(string SqliteFile, string LogFile)
    {
        public static JournalStore Of(RunDirectory run) => new(run.JournalFile, Path.Combine(run.Path, "hades.log"));
    }

    static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
