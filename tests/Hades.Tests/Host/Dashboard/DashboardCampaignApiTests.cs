using System.Net;
using System.Text.Json;
using Hades.Host.Dashboard;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Dashboard;

/// <summary>The campaign endpoints (<c>/api/campaigns</c>, <c>/api/campaigns/{id}</c>) and the pages' files, read
/// with HttpClient from a server in this process (no browser).</summary>
public sealed class DashboardCampaignApiTests : IAsyncLifetime
{
    readonly TempDir dir = new();
    readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    DashboardServer server = null!;

    public async Task InitializeAsync()
    {
        DashboardFixtures.StagedCampaign(dir.Sub("study"), DashboardFixtures.Results(dir.Sub("study")));
        DashboardFixtures.Run(dir.Sub("solo"), total: 3, done: 3);
        server = await DashboardServer.StartAsync(new DashboardOptions([dir.Path], IPAddress.Loopback, 0));
        http.BaseAddress = server.Url;
    }

    Task<JsonElement> Json(string path) => http.GetJsonAsync(path);

    [Fact]
    public async Task Api_campaigns_lists_each_campaign_with_every_planned_experiment_counted()
    {
        var list = await Json("/api/campaigns");
        var campaign = Assert.Single(list.GetProperty("campaigns").EnumerateArray());
        Assert.Equal(("study", "running", 4, 1), (campaign.GetProperty("id").GetString(), campaign.GetProperty("status").GetString(),
            campaign.GetProperty("experiments").GetInt32(), campaign.GetProperty("finished").GetInt32()));
        // the runs among them (zs has no folder yet, so no run)
        Assert.Equal(["study~data-seed0", "study~data-seed1", "study~acro"], campaign.GetProperty("run_ids").EnumerateArray().Select(r => r.GetString()));
        Assert.False(campaign.TryGetProperty("planned", out _)); // the per-experiment list is the campaign endpoint's
    }

    [Fact]
    public async Task Api_campaign_gives_experiments_by_stage_and_status()
    {
        var detail = await Json("/api/campaigns/study");
        var stages = detail.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["data", "hades", "zero-shot"], stages.Select(s => s.GetProperty("name").GetString()));
        var experiments = stages.SelectMany(s => s.GetProperty("experiments").EnumerateArray())
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e);
        Assert.Equal(new Dictionary<string, string>
        {
            ["data-seed0"] = "done", ["data-seed1"] = "running", ["acro"] = "queued", ["zs"] = "queued",
        }, experiments.ToDictionary(e => e.Key, e => e.Value.GetProperty("status").GetString()!));
        Assert.Equal(["data"], experiments["zs"].GetProperty("needs").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("zero-shot", experiments["zs"].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, experiments["zs"].GetProperty("run_id").ValueKind);
        Assert.Equal((3, 4, 16.0), (experiments["data-seed1"].GetProperty("generations").GetInt32(),
            experiments["data-seed1"].GetProperty("total_generations").GetInt32(), experiments["data-seed1"].GetProperty("eval_return").GetDouble()));

        var counts = detail.GetProperty("status_counts");
        Assert.Equal([("queued", 2), ("running", 1), ("done", 1), ("failed", 0), ("stopped", 0)],
            counts.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())));
    }

    [Fact]
    public async Task Api_campaign_gives_each_experiments_seeds_as_mean_and_standard_error_per_generation()
    {
        var groups = (await Json("/api/campaigns/study")).GetProperty("seed_groups").EnumerateArray().ToList();
        Assert.Equal(["data", "acro"], groups.Select(g => g.GetProperty("label").GetString()));
        var data = groups[0];
        Assert.Equal(["study~data-seed0", "study~data-seed1"], data.GetProperty("run_ids").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([0UL, 1UL], data.GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt64()));
        // eval return 10 + g and 14 + g: mean 12 + g, sample sd √8, standard error √8 / √2 = 2; generation 3 has one seed
        var band = data.GetProperty("bands").GetProperty("eval_return").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], band.Select(p => p.GetProperty("generation").GetInt32()));
        Assert.Equal([2, 2, 2, 1], band.Select(p => p.GetProperty("n").GetInt32()));
        Assert.Equal([12.0, 13.0, 14.0, 13.0], band.Select(p => p.GetProperty("mean").GetDouble()));
        Assert.Equal([2.0, 2.0, 2.0], band.Take(3).Select(p => Math.Round(p.GetProperty("standard_error").GetDouble(), 12)));
        Assert.Equal(JsonValueKind.Null, band[3].GetProperty("standard_error").ValueKind);
        Assert.Equal(4, data.GetProperty("bands").GetProperty("mean_fitness").GetArrayLength());
        Assert.Empty(groups[1].GetProperty("bands").GetProperty("eval_return").EnumerateArray()); // acro: no generation yet
    }

    [Fact]
    public async Task Api_campaign_gives_the_results_table_the_campaign_wrote()
    {
        var detail = await Json("/api/campaigns/study");
        var results = detail.GetProperty("results");
        Assert.Equal("row,experiment,kind,task,method,budget,seed,n,mean,se,run_dir",
            string.Join(",", results.GetProperty("columns").EnumerateArray().Select(c => c.GetString())));
        var rows = results.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToList()).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["mean", "", "hades", "cartpole", "HaDES-R", "4 generations", "", "2", "15", "2", ""], rows[0]);
        Assert.Equal(["run", "data-seed1", "17"], new[] { rows[2][0], rows[2][1], rows[2][8] });
        Assert.StartsWith("# Campaign study: results", detail.GetProperty("results_markdown").GetString());
    }

    [Fact]
    public async Task A_campaign_without_results_has_none_and_unknown_campaigns_are_404()
    {
        DashboardFixtures.StagedCampaign(dir.Sub("fresh"));
        var detail = await Json("/api/campaigns/fresh");
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("results").ValueKind);
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("results_markdown").ValueKind);
        foreach (var path in new[] { "/api/campaigns/nope", "/campaigns/nope", "/assets/nope.js" })
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Pages_and_their_scripts_and_style_are_embedded_files_served_with_their_types()
    {
        Assert.Superset(new HashSet<string> { "index.html", "run.html", "compare.html", "campaign.html", "app.css", "common.js", "plot.js" },
            DashboardAssets.Names.ToHashSet());
        foreach (var (page, file) in new[] { ("/", "index.html"), ("/compare?run=solo", "compare.html"), ("/runs/solo", "run.html"), ("/campaigns/study", "campaign.html") })
        {
            var response = await http.GetAsync(page);
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            string html = await response.Content.ReadAsStringAsync();
            Assert.Equal(System.Text.Encoding.UTF8.GetString(DashboardAssets.Read(file)!), html);
            // every script and style a page names is served from /assets/, and nothing comes from elsewhere
            var references = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"(/assets/[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(references);
            foreach (var asset in references)
            {
                var served = await http.GetAsync(asset);
                Assert.Equal(HttpStatusCode.OK, served.StatusCode);
                Assert.Equal(asset.EndsWith(".css") ? "text/css" : "text/javascript", served.Content.Headers.ContentType!.MediaType);
                Assert.DoesNotContain("http://", (await served.Content.ReadAsStringAsync()).Replace("http://www.w3.org", ""));
            }
            Assert.DoesNotContain("https://", html);
        }
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
        dir.Dispose();
    }
}
