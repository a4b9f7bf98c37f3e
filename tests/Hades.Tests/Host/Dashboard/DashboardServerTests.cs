using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Hades.Core;
using Hades.Core.Datasets;
using Hades.Core.Runs;
using Hades.Host.Dashboard;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Dashboard;

/// <summary>The dashboard's HTTP surface, served in-process on a free port and read with HttpClient.</summary>
public sealed class DashboardServerTests : IAsyncLifetime
{
    readonly TempDir dir = new();
    readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    DashboardServer server = null!;
    RunDirectory half = null!, done = null!;

    public async Task InitializeAsync()
    {
        done = DashboardFixtures.Run(dir.Sub("done"), total: 3, done: 3);
        half = DashboardFixtures.Run(dir.Sub("half"), total: 5, done: 2);
        DashboardFixtures.Campaign(dir.Sub("camp"), ("e1", 2, 1));
        var dataset = new SyntheticDataset("cartpole", [[0.1f, 0.2f, 0.3f, 0.4f], [-0.1f, 0f, 0.2f, -0.3f]], [0, 1], null);
        new RunPictures(done).Write(dataset, DashboardFixtures.Records(3));
        server = await DashboardServer.StartAsync(new DashboardOptions([dir.Path], IPAddress.Loopback, 0) { PollInterval = TimeSpan.FromMilliseconds(100) });
        http.BaseAddress = server.Url;
    }

    Task<JsonElement> Json(string path) => http.GetJsonAsync(path);

    [Fact]
    public async Task Api_runs_lists_runs_and_campaigns_with_status_generation_and_fitness()
    {
        var list = await Json("/api/runs");
        Assert.Equal(dir.Path, list.GetProperty("roots")[0].GetString());
        var runs = list.GetProperty("runs").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(["camp~e1", "done", "half"], runs.Keys.Order());
        var h = runs["half"];
        Assert.Equal("running", h.GetProperty("status").GetString());
        Assert.Equal((2, 5), (h.GetProperty("generations").GetInt32(), h.GetProperty("total_generations").GetInt32()));
        Assert.Equal(DashboardFixtures.Records(2).Max(r => r.MaxFitness), h.GetProperty("best_fitness").GetDouble());
        Assert.Equal(DashboardFixtures.Records(2)[^1].EvalReturn, h.GetProperty("eval_return").GetDouble());
        Assert.Equal("finished", runs["done"].GetProperty("status").GetString());
        var campaign = Assert.Single(list.GetProperty("campaigns").EnumerateArray());
        Assert.Equal("camp", campaign.GetProperty("name").GetString());
        Assert.Equal("camp~e1", campaign.GetProperty("run_ids")[0].GetString());
    }

    [Fact]
    public async Task Api_run_gives_summary_config_and_dataset_url_and_metrics_gives_every_generation()
    {
        var run = await Json("/api/runs/done");
        Assert.Equal("done", run.GetProperty("run").GetProperty("name").GetString());
        Assert.Equal(3, run.GetProperty("config").GetProperty("generations").GetInt32());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("cluster").ValueKind);
        string datasetUrl = run.GetProperty("dataset_url").GetString()!;
        Assert.StartsWith("/api/runs/done/dataset.png?v=", datasetUrl);
        var png = await http.GetAsync(datasetUrl);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal(File.ReadAllBytes(done.DatasetPictureFile), await png.Content.ReadAsByteArrayAsync());
        Assert.Equal(JsonValueKind.Null, (await Json("/api/runs/half")).GetProperty("dataset_url").ValueKind);

        var metrics = await Json("/api/runs/half/metrics");
        Assert.Equal(5, metrics.GetProperty("total_generations").GetInt32());
        var rows = metrics.GetProperty("generations").EnumerateArray().Select(g => new GenerationRecord(
            g.GetProperty("generation").GetInt32(), g.GetProperty("mean_fitness").GetDouble(), g.GetProperty("max_fitness").GetDouble(),
            g.GetProperty("eval_return").GetDouble(), g.GetProperty("seconds").GetDouble())).ToList();
        Assert.Equal(DashboardFixtures.Records(2), rows);
    }

    [Fact]
    public async Task Pages_are_html_and_unknown_runs_are_404()
    {
        var index = await http.GetAsync("/");
        Assert.Equal("text/html", index.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1>Hades dashboard</h1>", await index.Content.ReadAsStringAsync());
        var page = await http.GetStringAsync("/runs/camp~e1");
        Assert.Contains("id=\"fitness-chart\"", page);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org", "")); // nothing from elsewhere
        foreach (var path in new[] { "/runs/nope", "/api/runs/nope", "/api/runs/nope/metrics", "/api/runs/half/dataset.png" })
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Events_stream_carries_generations_of_this_process_and_of_run_folders()
    {
        using var response = await http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": hades dashboard", await reader.ReadLineAsync());
        await WaitFor(() => server.Feed.SubscriberCount > 0);

        // a run of this process reports generation 2 through the feed
        server.Feed.Publish(new GenerationEvent(half.Path, DashboardFixtures.Records(3)[2], 5));
        var (name, data) = await NextEvent(reader);
        Assert.Equal("generation", name);
        Assert.Equal(("half", 2, 5), (data.GetProperty("run").GetString(), data.GetProperty("generation").GetInt32(), data.GetProperty("total_generations").GetInt32()));
        Assert.Equal(DashboardFixtures.Records(3)[2].MaxFitness, data.GetProperty("max_fitness").GetDouble());

        // another process writes generations 2..4 to metrics.csv: the watcher sends 3 and 4 (2 went out already), then the status
        new RunMetricsWriter(half).Write(DashboardFixtures.Records(5));
        var next = new[] { await NextEvent(reader), await NextEvent(reader), await NextEvent(reader) };
        Assert.Equal(["generation", "generation", "status"], next.Select(e => e.Name));
        Assert.Equal([3, 4], next.Take(2).Select(e => e.Data.GetProperty("generation").GetInt32()));
        Assert.Equal("finished", next[2].Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_port_in_use_is_refused_with_one_line()
    {
        var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        try
        {
            int port = ((IPEndPoint)busy.LocalEndpoint).Port;
            var e = await Assert.ThrowsAsync<HadesUserException>(() => DashboardServer.StartAsync(new DashboardOptions([dir.Path], IPAddress.Loopback, port)));
            Assert.Equal($"cannot serve the dashboard on 127.0.0.1:{port}: the port is in use", e.Message);
        }
        finally { busy.Stop(); }
    }

    static async Task<(string Name, JsonElement Data)> NextEvent(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? name = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
                return (name, JsonDocument.Parse(line["data: ".Length..]).RootElement);
        }
        throw new EndOfStreamException("the event stream ended");
    }

    static async Task WaitFor(Func<bool> condition)
    {
        for (int i = 0; i < 300 && !condition(); i++) await Task.Delay(100);
        Assert.True(condition());
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
        dir.Dispose();
    }
}
