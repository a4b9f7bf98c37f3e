using Hades.Core;
using Npgsql;

namespace Hades.Actors.Persistence;

/// <summary>
/// Opens a PostgreSQL connection at start-up with a bounded wait: a malformed connection string is refused at
/// once, an unreachable server is retried every second until <c>HADES_PG_STARTUP_SECONDS</c> (default 30) have
/// passed, then refused in one line. (Once a run is going, an outage pauses and retries instead: that is the
/// population's back-off supervisor, not this.)
/// </summary>
public static class PostgresStartup
{
    public const string TimeoutVariable = "HADES_PG_STARTUP_SECONDS";
    public const int DefaultSeconds = 30;

    public static TimeSpan Timeout
    {
        get
        {
            string? text = Environment.GetEnvironmentVariable(TimeoutVariable);
            if (text is null) return TimeSpan.FromSeconds(DefaultSeconds);
            if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double s) || !double.IsFinite(s) || s < 0 || s > 86_400)
                throw new HadesUserException($"{TimeoutVariable} must be a number of seconds in 0..86400 (got '{text}')");
            return TimeSpan.FromSeconds(s);
        }
    }

    /// <summary>A description of the server for messages (host:port/database), without the password.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try { return new NpgsqlConnectionStringBuilder(connectionString); }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or KeyNotFoundException)
        {
            throw new HadesUserException($"malformed PostgreSQL connection string ({e.Message.Split('\n')[0]})");
        }
    }

    public static NpgsqlConnection Open(string connectionString)
    {
        var builder = Parse(connectionString);
        var limit = Timeout;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string where = string.IsNullOrEmpty(builder.Database) ? $"{builder.Host}:{builder.Port}" : $"{builder.Host}:{builder.Port}/{builder.Database}";
        while (true)
        {
            var remaining = limit - clock.Elapsed;
            builder.Timeout = (int)Math.Clamp(Math.Ceiling(remaining.TotalSeconds), 1, 15);
            var connection = new NpgsqlConnection(builder.ConnectionString);
            try
            {
                connection.Open();
                return connection;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
            {
                connection.Dispose();
                if (e is PostgresException { SqlState: "28P01" or "28000" or "3D000" })
                    throw new HadesUserException($"PostgreSQL at {where} refused the connection ({e.Message.Split('\n')[0]})");
                if (clock.Elapsed + TimeSpan.FromSeconds(1) >= limit)
                    throw new HadesUserException($"cannot reach PostgreSQL at {where} within {limit.TotalSeconds:0.#} s ({e.GetBaseException().Message.Split('\n')[0]}); set {TimeoutVariable} to wait longer");
                Thread.Sleep(1000);
            }
        }
    }
}
