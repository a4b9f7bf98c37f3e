using System.CommandLine;
using Hades.Host.Cli;
using Hades.Host.Dashboard;

namespace Hades.Host.Commands;

/// <summary>`hades dashboard`: a live web view of the runs and campaigns in some folders.</summary>
public sealed class DashboardCommand : ICommand
{
    public string Name => "dashboard";
    public string Summary => "serve a live web dashboard of the runs in a folder";
    public string Description => """
        Serves a web page listing the runs and campaigns in DIR (a run dir, a campaign dir, or a folder
        holding them) with their status, generation, fitness and eval return; each run has a page with its
        fitness and eval-return curves, dataset.png and config, updated live (server-sent events) as the
        run's files change, whichever process writes them. /compare overlays any ticked runs on one chart;
        each campaign has a page with its experiments by stage and status, its seeds as mean ± standard
        error, and its results table. Everything is served by this process; the page needs no internet.
        Stop it with Ctrl-C.

        JSON: /api/runs, /api/runs/ID, /api/runs/ID/metrics, /api/campaigns, /api/campaigns/ID;
        events: /api/events (text/event-stream). docs/dashboard.md describes them.
        Cluster members and their throughput show only on the dashboard of the seed itself (`hades seed --dashboard`).
        """;

    static readonly Option<string[]> Runs = Opt.Repeated("runs", "DIR", "a folder to show (default runs); repeat for several, or DIR,DIR");
    static readonly Option<string> Port = Opt.String("port", "N", $"port to listen on (default {DashboardOptions.DefaultPort}; 0 takes a free one)");
    static readonly Option<string> Bind = Opt.String("bind", "ADDRESS", "address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for all)");

    public void Declare(Command command)
    {
        command.Add(Runs);
        command.Add(Port);
        command.Add(Bind);
    }

    public async Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        var roots = (a.ValueOrNull(Runs) ?? []).ToList();
        int port = a.ValueOrNull(Port) is { } p ? DashboardOption.ParsePort(p, "--port") : DashboardOptions.DefaultPort;
        var bind = DashboardOption.ParseBind(a.ValueOrNull(Bind), "--bind");
        if (roots.Count == 0) roots.Add("runs");
        RunFolderScanner.CheckRoots(roots);

        await using var server = await DashboardServer.StartAsync(new DashboardOptions(roots, bind, port));
        System.Console.WriteLine($"dashboard: {server.Url}  (showing {string.Join(", ", server.Scanner.Roots)}; Ctrl-C stops)");
        try { await Task.Delay(Timeout.Infinite, cancel); }
        catch (OperationCanceledException) { }
        return 0;
    }
}
