using System.Net;
using Hades.Core;
using Hades.Host.Cli;
using Hades.Host.Dashboard;

namespace Hades.Host.Telemetry;

/// <summary>Where the Prometheus endpoint listens: <c>http://Host:Port/metrics</c>.</summary>
public sealed record MetricsOptions(IPAddress Host, int Port)
{
    /// <summary>The HttpListener prefix: 0.0.0.0 / :: listen on every interface ("+").</summary>
    public string Prefix => Host.Equals(IPAddress.Any) || Host.Equals(IPAddress.IPv6Any)
        ? $"http://+:{Port}/"
        : Host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"http://[{Host}]:{Port}/" : $"http://{Host}:{Port}/";

    public string Url => $"{Prefix.Replace("+", "0.0.0.0")}metrics";
}

/// <summary>
/// <c>--metrics-port N</c> and <c>--metrics-host ADDR</c> of the commands that run work (run, resume, seed, worker,
/// campaign): serve the "Hades" meter for Prometheus. Off unless the port is given; bound to 127.0.0.1 unless
/// the host says otherwise.
/// </summary>
public static class MetricsOption
{
    public static readonly System.CommandLine.Option<string> Port = Opt.String("metrics-port", "N",
        "serve OpenTelemetry metrics for Prometheus on http://127.0.0.1:N/metrics (default off; metric list in docs/metrics.md)");

    public static readonly System.CommandLine.Option<string> Host = Opt.String("metrics-host", "ADDR",
        "address the metrics endpoint listens on (default 127.0.0.1; 0.0.0.0 for every interface)");

    public static readonly System.CommandLine.Option[] All = [Port, Host];

    /// <summary>The endpoint asked for on the command line, or null.</summary>
    public static MetricsOptions? Read(System.CommandLine.ParseResult parse)
    {
        string? port = parse.ValueOrNull(Port);
        string? host = parse.ValueOrNull(Host);
        if (port is null)
            return host is null ? null : throw new HadesUserException("--metrics-host needs --metrics-port");
        if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number) || number is < 1 or > 65535)
            throw new HadesUserException($"--metrics-port expects a port 1..65535 (got '{port}')");
        return new MetricsOptions(DashboardOption.ParseBind(host, "--metrics-host"), number);
    }

    /// <summary>Starts the endpoint (if asked for) and prints where to scrape it; dispose to stop it.</summary>
    public static IDisposable? Start(MetricsOptions? options, bool quiet = false)
    {
        if (options is null) return null;
        var endpoint = MetricsEndpoint.Start(options);
        if (!quiet) System.Console.WriteLine($"metrics: {options.Url}");
        return endpoint;
    }
}
