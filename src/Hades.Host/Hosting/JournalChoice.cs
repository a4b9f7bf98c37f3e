using Hades.Core;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>Where a run journals: SQLite in its run dir (default) or a PostgreSQL database.</summary>
public sealed record JournalChoice(string Kind, string? ConnectionString)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    /// <summary>Recorded in the run dirs of a campaign: their events live in the campaign's journal.</summary>
    public const string Campaign = "campaign";
    public const string ConnectionVariable = "HADES_PG_CONNECTION";
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Database=hades;Username=hades;Password=hades";

    public static readonly JournalChoice Embedded = new(Sqlite, null);

    public bool RetriesFailures => Kind == Postgres;

    /// <summary>At start-up, before anything is written: a PostgreSQL journal must be reachable within the bounded
    /// wait of <see cref="Actors.Persistence.PostgresStartup"/> (one line otherwise); SQLite needs nothing.</summary>
    public void EnsureReachable()
    {
        if (Kind == Postgres) Actors.Persistence.PostgresStartup.Open(ConnectionString!).Dispose();
    }

    /// <summary>From <c>--journal</c>/<c>--pg-connection</c>, the run dir's record and the environment.</summary>
    public static JournalChoice Read(string? journalOption, string? connectionOption, RunDirectory run)
    {
        if (run.JournalKind == Campaign)
            throw new HadesUserException($"run dir {run.Path} belongs to a campaign; continue it with `hades campaign FILE`");
        return Read(journalOption, connectionOption, run.JournalKind);
    }

    /// <summary>From the options, a recorded kind (if any) and the environment.</summary>
    public static JournalChoice Read(string? journalOption, string? connectionOption, string? recordedKind)
    {
        string kind = (journalOption ?? recordedKind ?? Sqlite).ToLowerInvariant();
        string? connection = connectionOption;
        if (kind == Sqlite)
        {
            if (connection != null) throw new HadesUserException("--pg-connection needs --journal postgres");
            return Embedded;
        }
        if (kind != Postgres) throw new HadesUserException($"unknown journal '{kind}' (expected sqlite or postgres)");
        connection ??= Environment.GetEnvironmentVariable(ConnectionVariable) ?? DefaultPostgres;
        Actors.Persistence.PostgresStartup.Parse(connection); // a malformed connection string is refused at once
        return new JournalChoice(Postgres, connection);
    }
}
