using System.Net;
using Hades.Core.Runs;
using Hades.Host.Dashboard;
using Hades.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hades.Tests.Host.Dashboard;

/// <summary>
/// Acceptance: in a real (headless) browser, runs ticked on the index open the compare view, which overlays their
/// curves on one chart (one series and one legend entry per run), reads out every run's value under the pointer,
/// smooths by an EMA slider, keeps the whole view in its address (opened anew, it shows the same), and draws new
/// generations of the shown runs as they are written.
/// </summary>
[Collection(BrowserCollection.Name), Trait("Category", "slow")]
public sealed class CompareBrowserTests(PlaywrightBrowser browser) : IAsyncLifetime
{
    readonly TempDir dir = new();
    DashboardServer server = null!;
    Hades.Core.Runs.RunDirectory beta = null!;

    public async Task InitializeAsync()
    {
        // eval return 10 + g over 6 generations, 30 + g over 4, 50 + g over 5
        new RunMetricsWriter(DashboardFixtures.Run(dir.Sub("alpha"), total: 6, done: 0)).Write(DashboardFixtures.Line(6, 10));
        beta = DashboardFixtures.Run(dir.Sub("beta"), total: 6, done: 0);
        new RunMetricsWriter(beta).Write(DashboardFixtures.Line(4, 30));
        new RunMetricsWriter(DashboardFixtures.Run(dir.Sub("gamma"), total: 6, done: 0)).Write(DashboardFixtures.Line(5, 50));
        server = await DashboardServer.StartAsync(new DashboardOptions([dir.Path], IPAddress.Loopback, 0));
    }

    [ChromiumFact]
    public async Task Two_ticked_runs_are_overlaid_on_one_chart_with_hover_values_smoothing_and_a_shareable_address()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url.ToString());
        await page.Locator("#runs tr[data-run=\"alpha\"] input.pick").CheckAsync();
        await page.Locator("#runs tr[data-run=\"beta\"] input.pick").CheckAsync();
        await page.Locator("#compare-link").ClickAsync();
        // the navigation's commit, not its load event: the assertions below wait for the page's content themselves
        // (waiting for the load event timed out once in 30 s in a slow-suite run on an AMD EPYC VM, 2026-12-07,
        // and passed in 4-5 s in three reruns)
        await page.WaitForURLAsync("**/compare?run=alpha&run=beta**", new() { WaitUntil = WaitUntilState.Commit });

        // two series on one chart, one legend entry each, every generation a vertex
        var chart = page.Locator("#chart");
        await Expect(chart.Locator("svg g.series")).ToHaveCountAsync(2);
        Assert.Equal(1, await page.Locator("#chart svg").CountAsync());
        Assert.Equal(["6", "4"], await chart.Locator("svg g.series").EvaluateAllAsync<string[]>("gs => gs.map(g => g.dataset.points)"));
        Assert.Equal(["alpha", "beta"], await chart.Locator("svg g.series").EvaluateAllAsync<string[]>("gs => gs.map(g => g.dataset.series)"));
        await Expect(chart.Locator(".legend li")).ToHaveCountAsync(2);
        await Expect(chart.Locator(".legend li").Nth(0)).ToContainTextAsync("alpha");
        await Expect(chart.Locator(".legend li").Nth(1)).ToContainTextAsync("beta");
        Assert.Equal(2, (await chart.Locator("svg path.line").EvaluateAllAsync<string[]>("ps => ps.map(p => p.getAttribute('stroke'))")).Distinct().Count());

        // the pointer over generation 3 (x axis 0..6 over the 640 px plot area) reads both runs: 10 + 2 and 30 + 2
        var tip = chart.Locator(".tooltip");
        await HoverGeneration(chart, 3);
        await Expect(tip).ToBeVisibleAsync();
        await Expect(tip).ToContainTextAsync("generation 3");
        await Expect(tip.Locator("[data-series=\"alpha\"]")).ToContainTextAsync("12.00");
        await Expect(tip.Locator("[data-series=\"beta\"]")).ToContainTextAsync("32.00");

        // smoothing 0.9 (debiased EMA): alpha's third value is (0.081·10 + 0.09·11 + 0.1·12) / (1 − 0.9³) = 3.0 / 0.271 = 11.07
        string before = (await chart.Locator("g.series[data-series=\"alpha\"] path").GetAttributeAsync("d"))!;
        await page.Locator("#smoothing").FillAsync("0.9");
        await page.WaitForURLAsync("**smooth=0.90**");
        Assert.NotEqual(before, await chart.Locator("g.series[data-series=\"alpha\"] path").GetAttributeAsync("d"));
        await HoverGeneration(chart, 3);
        await Expect(tip.Locator("[data-series=\"alpha\"]")).ToContainTextAsync("11.07");
        await Expect(tip.Locator("[data-series=\"alpha\"]")).ToContainTextAsync("raw 12.00");
        await page.Locator("#metric").SelectOptionAsync("max_fitness");
        await page.WaitForURLAsync("**metric=max_fitness**");

        // the address is the view: opened in a new page it shows the same runs, curve and smoothing
        string shared = page.Url;
        Assert.Contains("run=alpha&run=beta", shared);
        var other = await browser.NewPageAsync();
        await other.GotoAsync(shared);
        await Expect(other.Locator("#chart svg g.series")).ToHaveCountAsync(2);
        Assert.Equal(["alpha", "beta"], await other.Locator("#runs input.pick:checked").EvaluateAllAsync<string[]>("bs => bs.map(b => b.value)"));
        Assert.Equal("0.9", await other.Locator("#smoothing").InputValueAsync());
        Assert.Equal("max_fitness", await other.Locator("#metric").InputValueAsync());

        // ticking a third run adds its curve and its name to the address
        await other.Locator("#runs tr[data-run=\"gamma\"] input.pick").CheckAsync();
        await Expect(other.Locator("#chart svg g.series")).ToHaveCountAsync(3);
        await other.WaitForURLAsync("**run=alpha&run=beta&run=gamma**");

        // a new generation of a shown run (written by another process) is drawn without a reload
        new RunMetricsWriter(beta).Write(DashboardFixtures.Line(5, 30));
        await Expect(other.Locator("#chart g.series[data-series=\"beta\"]")).ToHaveAttributeAsync("data-points", "5");
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();
    }

    /// <summary>Moves the pointer over <paramref name="generation"/> (the plot area maps 0..6 onto its width).</summary>
    static async Task HoverGeneration(ILocator chart, int generation)
    {
        var area = chart.Locator("rect.hover-target");
        var box = (await area.BoundingBoxAsync())!;
        await area.HoverAsync(new LocatorHoverOptions { Position = new Position { X = box.Width * generation / 6f, Y = box.Height / 2 } });
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        dir.Dispose();
    }
}
