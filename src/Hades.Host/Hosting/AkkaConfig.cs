using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Hosting;
using Hades.Actors;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>
/// Builds a node's ActorSystem config: per-run settings over the shipped deployment files (<c>hocon/*.conf</c>) over
/// the actors layer's embedded defaults (<see cref="ActorsReference"/>). The journal's plugin blocks come from
/// Akka.Persistence.Sql.Hosting's options. <see cref="AkkaNode"/> hands the result to Akka.Hosting.
/// </summary>
public static class AkkaConfig
{
    static string HoconDirectory => Path.Combine(AppContext.BaseDirectory, "hocon");

    static Config File(string name) => ConfigurationFactory.ParseString(System.IO.File.ReadAllText(Path.Combine(HoconDirectory, name)));

    /// <summary>Single process without a journal (short-lived helper systems).</summary>
    public static Config Local() => ActorsReference.Config;

    /// <summary>Single process; the journal in the run dir's journal.db (or PostgreSQL).</summary>
    public static Config EmbeddedRun(RunDirectory run, JournalChoice? journal = null) =>
        Embedded(JournalStore.Of(run), journal ?? JournalChoice.Embedded);

    /// <summary>Single process with the journal in <paramref name="store"/> (SQLite) or PostgreSQL.</summary>
    public static Config Embedded(JournalStore store, JournalChoice journal) =>
        Journal(store, journal).WithFallback(ActorsReference.Config).WithFallback(SqlPersistence.DefaultConfiguration);

    /// <summary>The journal (SQLite file of the store, or PostgreSQL) as Akka.Persistence.Sql.Hosting's options make
    /// it, under the store's tuning file; logs go to the store's log file.</summary>
    static Config Journal(JournalStore store, JournalChoice journal)
    {
        bool sqlite = journal.Kind == JournalChoice.Sqlite;
        string connection = sqlite ? $"Data Source={store.SqliteFile};Pooling=False" : journal.ConnectionString!;
        string provider = sqlite ? "SQLite.MS" : "PostgreSQL.15";
        var events = new SqlJournalOptions(isDefaultPlugin: true) { ConnectionString = connection, ProviderName = provider, AutoInitialize = true };
        var snapshots = new SqlSnapshotOptions(isDefaultPlugin: true) { ConnectionString = connection, ProviderName = provider, AutoInitialize = true };
        return ConfigurationFactory.ParseString($"hades.log-file = {Quote(store.LogFile)}")
            .WithFallback(File(sqlite ? "sqlite.conf" : "postgres.conf"))
            .WithFallback(events.ToConfig())
            .WithFallback(snapshots.ToConfig())
            .WithFallback(events.DefaultConfig)
            .WithFallback(snapshots.DefaultConfig)
            .WithFallback(events.DefaultQueryConfig);
    }

    /// <summary>
    /// A cluster node with the given roles. Layers, highest first: command-line <paramref name="hostname"/> and
    /// <paramref name="port"/> (when given), the user's <paramref name="user"/> config (--config FILE), the
    /// role's shipped file (seed.conf or worker.conf), the journal (with a store), cluster.conf, the actors layer's
    /// reference.conf.
    /// Seed nodes default to the node itself (a seed).
    /// </summary>
    public static Config ClusterNode(string roleFile, string? hostname, int? port, IEnumerable<string> roles,
        IEnumerable<string>? seedNodes, JournalStore? store = null, JournalChoice? journal = null, Config? user = null)
    {
        var cli = ConfigurationFactory.ParseString($"""
            {(hostname is null ? "" : $"akka.remote.dot-netty.tcp.hostname = {Quote(hostname)}")}
            {(port is null ? "" : $"akka.remote.dot-netty.tcp.port = {port}")}
            akka.cluster.roles = [{string.Join(", ", roles.Select(Quote))}]
            """);
        var config = cli.WithFallback(user ?? Config.Empty).WithFallback(File(roleFile));
        if (store != null) config = config.WithFallback(Journal(store, journal ?? JournalChoice.Embedded));
        config = config
            .WithFallback(File("cluster.conf"))
            .WithFallback(ActorsReference.Config)
            .WithFallback(SqlPersistence.DefaultConfiguration)
            .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig());
        var seeds = seedNodes?.ToArray() ?? [SelfAddress(config)];
        return ConfigurationFactory.ParseString($"akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(Quote))}]").WithFallback(config);
    }

    /// <summary>The address a node with this config advertises.</summary>
    public static string SelfAddress(Config config) =>
        ClusterAddress.Of(config.GetString("akka.remote.dot-netty.tcp.hostname"), config.GetInt("akka.remote.dot-netty.tcp.port"),
            ClusterAddress.UsesTls(config));

    /// <summary>Reads a user's HOCON file (--config), with a one-line error for a missing or broken file.</summary>
    public static Config? UserFile(string? path)
    {
        if (path is null) return null;
        if (!System.IO.File.Exists(path)) throw new Core.HadesUserException($"config file not found: {path}");
        try { return ConfigurationFactory.ParseString(System.IO.File.ReadAllText(path)); }
        catch (Exception e) when (e is not Core.HadesUserException)
        {
            throw new Core.HadesUserException($"{path}: not valid HOCON ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Where an embedded journal and the Akka log live: a run dir, or a campaign dir.</summary>
    public sealed record JournalStore(string SqliteFile, string LogFile)
    {
        public static JournalStore Of(RunDirectory run) => new(run.JournalFile, Path.Combine(run.Path, "hades.log"));
    }

    static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
