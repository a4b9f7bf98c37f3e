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
    public static Config EmbeddedRun(RunDirectory run)
    {
        string connection = Quote($"Data Source={run.JournalFile};Pooling=False");
        var perRun = ConfigurationFactory.ParseString($"""
            akka.persistence.journal.sql.connection-string = {connection}
            akka.persistence.snapshot-store.sql.connection-string = {connection}
            hades.log-file = {Quote(Path.Combine(run.Path, "hades.log"))}
            """);
        return perRun
            .WithFallback(File("sqlite.conf"))
            .WithFallback(File("local.conf"))
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
