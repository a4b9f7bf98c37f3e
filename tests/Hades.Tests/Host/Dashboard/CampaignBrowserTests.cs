using System.Net;
using Hades.Core.Runs;
using Hades.Host.Dashboard;
using Hades.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hades.Tests.Host.Dashboard;

/// <summary>
/// Acceptance: in a real (headless) browser, a campaign's page (reached from the index) shows its experiments by
/// stage and status (a failed one with its error line), its seeds as one mean curve with a standard-error band, and
/// the results table it wrote.
/// </summary>
[Collection(BrowserCollection.Name), Trait("Category", "slow")]
public sealed class CampaignBrowserTests(PlaywrightBrowser browser) : IAsyncLifetime
{
    readonly TempDir dir = new();
    DashboardServer server = null!;

    public async Task InitializeAsync()
    {
        DashboardFixtures.StagedCampaign(dir.Sub("study"), DashboardFixtures.Results(dir.Sub("study")));
        server = await DashboardServer.StartAsync(new DashboardOptions([dir.Path], IPAddress.Loopback, 0));
    }

    [ChromiumFact]
    public async Task Campaign_page_shows_stages_statuses_seed_bands_and_results()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url.ToString());
        await page.Locator("#campaigns tr[data-campaign=\"study\"] td:first-child a").ClickAsync();
        await page.WaitForURLAsync("**/campaigns/study");

        // experiments by stage, each with its status; the counts per status
        await Expect(page.Locator("#stages .stage")).ToHaveCountAsync(3);
        Assert.Equal(["data", "hades", "zero-shot"], await page.Locator("#stages .stage").EvaluateAllAsync<string[]>("ss => ss.map(s => s.dataset.stage)"));
        Assert.Equal(["data-seed0:done", "data-seed1:running", "acro:queued", "zs:queued"],
            await page.Locator("#stages tr[data-experiment]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.experiment + ':' + r.dataset.status)"));
        await Expect(page.Locator("#counts [data-status=\"queued\"] b")).ToHaveTextAsync("2");
        await Expect(page.Locator("#counts [data-status=\"done\"] b")).ToHaveTextAsync("1");
        await Expect(page.Locator("#counts [data-status=\"running\"] b")).ToHaveTextAsync("1");

        // the two seeds of "data": one mean curve with a band (acro has no generation yet: no curve)
        var chart = page.Locator("#bands-chart");
        await Expect(chart.Locator("svg g.series")).ToHaveCountAsync(1);
        await Expect(chart.Locator("svg path.band")).ToHaveCountAsync(1);
        await Expect(chart.Locator(".legend li")).ToHaveTextAsync("data (2 seeds)");
        var area = chart.Locator("rect.hover-target");
        var box = (await area.BoundingBoxAsync())!;
        // the first generation (x = 1 of 0..4): eval return 10 and 14: mean 12 ± standard error 2
        await area.HoverAsync(new LocatorHoverOptions { Position = new Position { X = box.Width / 4, Y = box.Height / 2 } });
        await Expect(chart.Locator(".tooltip")).ToContainTextAsync("12.00 ± 2.00");

        // the results table of results.csv: the mean row and one row per run
        await Expect(page.Locator("#results-table tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#results-table tbody tr").Nth(0)).ToContainTextAsync("mean");
        await Expect(page.Locator("#results-table tbody tr").Nth(2)).ToContainTextAsync("data-seed1");
        await Expect(page.Locator("#results-md")).ToContainTextAsync("Campaign study: results");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_failed_experiment_shows_failed_with_its_error_line_beside_the_badge()
    {
        ExperimentFailure.Write(Path.Combine(dir.Sub("study"), "zs"), "zero-shot <needs> two datasets");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(server.Url, "/campaigns/study").ToString());
        var row = page.Locator("#stages tr[data-experiment=\"zs\"]");
        await Expect(row).ToHaveAttributeAsync("data-status", "failed");
        await Expect(row.Locator(".status.failed")).ToHaveTextAsync("failed");
        await Expect(row.Locator(".error")).ToHaveTextAsync("zero-shot <needs> two datasets"); // text, not markup
        await Expect(page.Locator("#counts [data-status=\"failed\"] b")).ToHaveTextAsync("1");
        await page.Context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        dir.Dispose();
    }
}
