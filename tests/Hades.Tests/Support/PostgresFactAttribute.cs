namespace Hades.Tests.Support;

/// <summary>
/// A test that needs the PostgreSQL server `.ci/run` starts: it runs when HADES_TEST_PG holds a connection
/// string (and, with <see cref="NeedsRestart"/>, HADES_TEST_PG_RESTART a command that restarts the server).
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public static string? Connection => Environment.GetEnvironmentVariable("HADES_TEST_PG");
    public static string? RestartCommand => Environment.GetEnvironmentVariable("HADES_TEST_PG_RESTART");

    bool needsRestart;

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Connection))
            Skip = "needs PostgreSQL: set HADES_TEST_PG to a connection string (.ci/run starts a server and sets it)";
    }

    public bool NeedsRestart
    {
        get => needsRestart;
        set
        {
            needsRestart = value;
            if (value && Skip is null && string.IsNullOrEmpty(RestartCommand))
                Skip = "needs HADES_TEST_PG_RESTART, a command that restarts the PostgreSQL server (.ci/run sets it)";
        }
    }
}
