using System.Net;
using Hades.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hades.Host.Dashboard;

/// <summary>Where the dashboard listens and what it shows (roots that do not exist yet show nothing until they do).
/// Port 0 takes any free port.</summary>
public sealed record DashboardOptions(IReadOnlyList<string> Roots, IPAddress Bind, int Port)
{
    public const int DefaultPort = 8400;
    public TimeSpan PollInterval { get; init; } = RunFolderWatcher.DefaultInterval;
}

/// <summary>
/// The dashboard's web server (Kestrel, no other middleware): the HTML pages, the JSON endpoints and the
/// server-sent events of <see cref="DashboardEndpoints"/>, fed by a <see cref="RunFolderWatcher"/> over the
/// roots and by whatever runs of this process publish to <see cref="Feed"/>.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    readonly WebApplication app;
    readonly RunFolderWatcher watcher;

    public DashboardFeed Feed { get; }
    public RunFolderScanner Scanner { get; }
    /// <summary>The address to open, e.g. http://127.0.0.1:8400/.</summary>
    public Uri Url { get; }

    DashboardServer(WebApplication app, RunFolderWatcher watcher, DashboardFeed feed, RunFolderScanner scanner, Uri url)
    {
        this.app = app; this.watcher = watcher; Feed = feed; Scanner = scanner; Url = url;
    }

    public static async Task<DashboardServer> StartAsync(DashboardOptions options, DashboardFeed? feed = null)
    {
        if (options.Port is < 0 or > 65535) throw new HadesUserException($"dashboard port must be 0..65535 (got {options.Port})");
        feed ??= new DashboardFeed();
        var scanner = new RunFolderScanner(options.Roots, feed);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(options.Bind, options.Port));
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(3));
        var app = builder.Build();
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use(async (ctx, next) =>
        {
            try { await next(ctx); }
            catch (Exception e) when (!ctx.Response.HasStarted && e is not OperationCanceledException)
            {
                ctx.Response.StatusCode = StatusCodes.Status500InternalServerError;
                ctx.Response.ContentType = "text/plain; charset=utf-8";
                await ctx.Response.WriteAsync($"dashboard error: {e.GetType().Name}: {e.Message}\n");
            }
        });
        app.UseRouting();
        DashboardEndpoints.Map(app, scanner, feed, stopping);
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            string why = e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
                         || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                ? "the port is in use" : e.Message;
            throw new HadesUserException($"cannot serve the dashboard on {Format(options.Bind, options.Port)}: {why}");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await app.DisposeAsync();
            throw new HadesUserException($"cannot serve the dashboard on {Format(options.Bind, options.Port)}: {e.Message}");
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        int port = new Uri(bound).Port;
        var watcher = new RunFolderWatcher(scanner, feed, options.PollInterval);
        return new DashboardServer(app, watcher, feed, scanner, new Uri($"http://{Format(options.Bind, port)}/"));
    }

    static string Format(IPAddress address, int port) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";

    public async ValueTask DisposeAsync()
    {
        await watcher.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
