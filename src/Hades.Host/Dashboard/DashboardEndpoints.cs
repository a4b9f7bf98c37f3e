using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hades.Core.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hades.Host.Dashboard;

/// <summary>
/// The dashboard's routes. Pages (static files of <see cref="DashboardAssets"/> that read the JSON endpoints):
/// <c>/</c> (runs and campaigns), <c>/runs/{id}</c> (one run), <c>/compare?run=A&amp;run=B</c> (runs overlaid),
/// <c>/campaigns/{id}</c> (one campaign); their script and style under <c>/assets/</c>. JSON: <c>/api/runs</c>,
/// <c>/api/runs/{id}</c>, <c>/api/runs/{id}/metrics</c>, <c>/api/campaigns</c>, <c>/api/campaigns/{id}</c>;
/// <c>/api/runs/{id}/dataset.png</c>; server-sent events on <c>/api/events</c> (<c>generation</c> and <c>status</c>,
/// JSON data naming the run id). docs/dashboard.md describes every endpoint.
/// </summary>
public static class DashboardEndpoints
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>A comment line sent on idle event streams so proxies and browsers keep them open.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder app, RunFolderScanner scanner, DashboardFeed feed, CancellationToken stopping)
    {
        app.MapGet("/", ctx => DashboardAssets.Serve(ctx, "index.html"));
        app.MapGet("/compare", ctx => DashboardAssets.Serve(ctx, "compare.html"));
        app.MapGet("/runs/{id}", ctx => scanner.Scan().Run(Id(ctx)) is null
            ? NotFound(ctx, $"no run '{Id(ctx)}' below {string.Join(", ", scanner.Roots)}")
            : DashboardAssets.Serve(ctx, "run.html"));
        app.MapGet("/campaigns/{id}", ctx => scanner.Scan().Campaign(Id(ctx)) is null
            ? NotFound(ctx, $"no campaign '{Id(ctx)}' below {string.Join(", ", scanner.Roots)}")
            : DashboardAssets.Serve(ctx, "campaign.html"));
        app.MapGet("/assets/{name}", ctx => DashboardAssets.Serve(ctx, (string)ctx.Request.RouteValues["name"]!));

        app.MapGet("/api/runs", ctx =>
        {
            var catalog = scanner.Scan();
            return WriteJson(ctx, new { roots = scanner.Roots, runs = catalog.Runs, campaigns = catalog.Campaigns });
        });

        app.MapGet("/api/runs/{id}", async ctx =>
        {
            if (scanner.Scan().Run(Id(ctx)) is not { } run) { await NotFound(ctx, $"no run '{Id(ctx)}'"); return; }
            var probe = feed.Cluster(run.Path);
            IReadOnlyList<ClusterMemberInfo>? members = null;
            string? clusterError = null;
            if (probe is not null)
                try { members = await probe.ReadAsync(); }
                catch (Exception e) when (e is not OperationCanceledException) { members = []; clusterError = e.Message; }
            await WriteJson(ctx, new
            {
                run,
                config = ReadConfig(run.Path),
                dataset_url = run.DatasetVersion is null ? null : $"/api/runs/{Uri.EscapeDataString(run.Id)}/dataset.png?v={run.DatasetVersion}",
                cluster = members is null ? null : new { members, error = clusterError },
            });
        });

        app.MapGet("/api/runs/{id}/metrics", ctx =>
        {
            if (scanner.Scan().Run(Id(ctx)) is not { } run) return NotFound(ctx, $"no run '{Id(ctx)}'");
            return WriteJson(ctx, new { id = run.Id, total_generations = run.TotalGenerations, generations = scanner.Metrics(run.Path) });
        });

        app.MapGet("/api/campaigns", ctx =>
            WriteJson(ctx, new { roots = scanner.Roots, campaigns = scanner.Scan().Campaigns }));

        app.MapGet("/api/campaigns/{id}", ctx =>
        {
            var catalog = scanner.Scan();
            if (catalog.Campaign(Id(ctx)) is not { } campaign) return NotFound(ctx, $"no campaign '{Id(ctx)}'");
            return WriteJson(ctx, CampaignView.Build(campaign, catalog, scanner.Metrics));
        });

        app.MapGet("/api/runs/{id}/dataset.png", async ctx =>
        {
            if (scanner.Scan().Run(Id(ctx)) is not { } run) { await NotFound(ctx, $"no run '{Id(ctx)}'"); return; }
            byte[] png;
            try { png = await File.ReadAllBytesAsync(new RunDirectory(run.Path).DatasetPictureFile, ctx.RequestAborted); }
            catch (FileNotFoundException) { await NotFound(ctx, $"run '{run.Id}' has no dataset.png yet"); return; }
            ctx.Response.ContentType = "image/png";
            ctx.Response.Headers.CacheControl = "no-cache";
            await ctx.Response.Body.WriteAsync(png, ctx.RequestAborted);
        });

        app.MapGet("/api/events", ctx => Events(ctx, scanner, feed, stopping));
    }

    static string Id(HttpContext ctx) => (string)ctx.Request.RouteValues["id"]!;

    static async Task Events(HttpContext ctx, RunFolderScanner scanner, DashboardFeed feed, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        using var subscription = feed.Subscribe();
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        try
        {
            await Send(ctx, ": hades dashboard\nretry: 2000\n\n", cancel.Token);
            while (!cancel.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
                wait.CancelAfter(Heartbeat);
                DashboardEvent e;
                try { e = await subscription.Events.ReadAsync(wait.Token); }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    await Send(ctx, ": keep-alive\n\n", cancel.Token);
                    continue;
                }
                if (scanner.Scan().RunAt(e.RunPath) is not { } run) continue; // a run outside the roots
                await Send(ctx, Format(e, run), cancel.Token);
            }
        }
        catch (OperationCanceledException) { } // the page went away or the server stops
        catch (System.Threading.Channels.ChannelClosedException) { }
    }

    /// <summary>One server-sent event: <c>event: generation|status</c> and one line of JSON data.</summary>
    public static string Format(DashboardEvent e, RunEntry run) => e switch
    {
        GenerationEvent g => $"event: generation\ndata: {JsonSerializer.Serialize(new
        {
            run = run.Id,
            generation = g.Record.Generation,
            mean_fitness = g.Record.MeanFitness,
            max_fitness = g.Record.MaxFitness,
            eval_return = g.Record.EvalReturn,
            seconds = g.Record.Seconds,
            total_generations = g.TotalGenerations,
            dataset_version = run.DatasetVersion,
        }, Json)}\n\n",
        StatusEvent s => $"event: status\ndata: {JsonSerializer.Serialize(new { run = run.Id, status = s.Status }, Json)}\n\n",
        _ => "",
    };

    static async Task Send(HttpContext ctx, string text, CancellationToken cancel)
    {
        await ctx.Response.WriteAsync(text, Encoding.UTF8, cancel);
        await ctx.Response.Body.FlushAsync(cancel);
    }

    static JsonNode? ReadConfig(string runPath)
    {
        // HaDES config.json, or the settings of a PPO (ppo.json) or distillation (distil.json) run
        string? file = new[] { new RunDirectory(runPath).ConfigFile, Path.Combine(runPath, Core.Baselines.Ppo.PpoRunFile.FileName), Path.Combine(runPath, DistilRunFile.FileName) }
            .FirstOrDefault(File.Exists);
        if (file is null) return null;
        try { return JsonNode.Parse(File.ReadAllText(file)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return null; }
    }

    static Task WriteJson(HttpContext ctx, object value)
    {
        ctx.Response.ContentType = "application/json; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-store";
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(value, Json), Encoding.UTF8, ctx.RequestAborted);
    }

    static Task NotFound(HttpContext ctx, string message)
    {
        ctx.Response.StatusCode = StatusCodes.Status404NotFound;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        return ctx.Response.WriteAsync(message + "\n", Encoding.UTF8, ctx.RequestAborted);
    }
}
