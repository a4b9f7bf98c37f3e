using System.Net;
using Hades.Core;
using Hades.Host.Cli;

namespace Hades.Host.Dashboard;

/// <summary>
/// <c>--dashboard [PORT]</c> (or <c>--dashboard=PORT</c>) and <c>--dashboard-bind ADDRESS</c> of the commands
/// that drive a run: serve the dashboard for that run from the same process while it goes on.
/// </summary>
public static class DashboardOption
{
    public static readonly System.CommandLine.Option<string> Port = Opt.OptionalNumber("dashboard", "PORT",
        $"serve a live dashboard of this run on http://127.0.0.1:PORT/ while it goes on (default port {DashboardOptions.DefaultPort}; 0 takes a free one; `hades dashboard` shows runs afterwards; a seed's dashboard also lists the cluster's members)", DashboardOptions.DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static readonly System.CommandLine.Option<string> Bind = Opt.String("dashboard-bind", "ADDR",
        "address the dashboard listens on (default 127.0.0.1; 0.0.0.0 for every interface)");

    public static readonly System.CommandLine.Option[] All = [Port, Bind];

    /// <summary>The dashboard asked for on the command line, or null; <paramref name="root"/> is what it shows.</summary>
    public static DashboardOptions? Read(System.CommandLine.ParseResult parse, string root)
    {
        string? port = parse.ValueOrNull(Port);
        string? bind = parse.ValueOrNull(Bind);
        if (port is null)
            return bind is null ? null : throw new HadesUserException("--dashboard-bind needs --dashboard");
        return new DashboardOptions([root], ParseBind(bind, "--dashboard-bind"), port == "" ? DashboardOptions.DefaultPort : ParsePort(port, "--dashboard"));
    }

    public static int ParsePort(string text, string option) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) && port <= 65535
            ? port : throw new HadesUserException($"{option} expects a port 0..65535 (got '{text}')");

    public static IPAddress ParseBind(string? text, string option)
    {
        if (text is null or "localhost") return IPAddress.Loopback;
        return IPAddress.TryParse(text, out var address)
            ? address : throw new HadesUserException($"{option} expects an IP address such as 127.0.0.1 or 0.0.0.0 (got '{text}')");
    }

    /// <summary>Starts the dashboard (if asked for) and prints where to open it.</summary>
    public static async Task<DashboardServer?> StartAsync(DashboardOptions? options)
    {
        if (options is null) return null;
        var server = await DashboardServer.StartAsync(options);
        System.Console.WriteLine($"dashboard: {server.Url}");
        return server;
    }
}
