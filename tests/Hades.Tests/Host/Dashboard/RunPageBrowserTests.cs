using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hades.Host.Hosting;
using Hades.Tests.Support;
using Microsoft.Playwright;

namespace Hades.Tests.Host.Dashboard;

/// <summary>
/// Acceptance: `hades run --dashboard PORT` serves a page that a real (headless) browser shows live while the
/// run goes on: the index lists the run as running, the run page's fitness curve appears and gains points
/// without a reload (server-sent events), and the dataset picture loads and is replaced by newer ones.
/// </summary>
[Collection(BrowserCollection.Name), Trait("Category", "slow")]
public sealed class RunPageBrowserTests(PlaywrightBrowser browser) : IDisposable
{
    readonly TempDir dir = new();

    /// <summary>Small, but slow enough per generation (and long enough in all) that the browser sees it run;
    /// the test stops the run once it has seen what it needs.</summary>
    static readonly string[] Options =
    [
        "--task", "cartpole", "--seed", "5", "--generations", "300", "--population", "48", "--dataset-size", "2",
        "--hidden", "16", "--inner-steps", "10", "--episodes", "2", "--eval-policies", "4", "--batch-size", "8",
        "--inits", "2", "--init-aggregate", "mean", "--stop-when-solved", "0", "--learners", "", "--sigma", "0.1", "--eval-aggregate", "mean", // not the default job: the settings these tests were written for
        "--final-eval-episodes", "0",
    ];

    /// <summary>What the run page shows: the charts' point counts, and the dataset image (its src, natural size and
    /// a hash of its pixels, read back through a canvas).</summary>
    const string Probe = """
        () => {
          const count = (chart, series) => Number(document.querySelector(chart + ' g.series[data-series="' + series + '"]')?.dataset.points ?? 0);
          const img = document.getElementById('dataset');
          let hash = null;
          if (img.complete && img.naturalWidth > 0) {
            const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0);
            const d = g.getImageData(0, 0, c.width, c.height).data;
            let h = 2166136261; for (let i = 0; i < d.length; i++) { h ^= d[i]; h = Math.imul(h, 16777619); }
            hash = h >>> 0;
          }
          return { points: Number(document.getElementById('fitness-chart').dataset.points ?? 0), mean: count('#fitness-chart', 'mean'),
                   max: count('#fitness-chart', 'max'), eval: count('#eval-chart', 'eval'),
                   src: img.getAttribute('src') ?? '', width: img.naturalWidth, height: img.naturalHeight, hash,
                   sameDocument: window.__sameDocument === true };
        }
        """;

    sealed record PageState(int Points, int Mean, int Max, int Eval, string Src, int Width, int Height, long? Hash, bool SameDocument);

    [ChromiumFact]
    public async Task Run_page_shows_the_fitness_curve_and_dataset_live_in_a_browser()
    {
        var page = await browser.NewPageAsync();
        int port = FreePort.Next();
        string runDir = dir.Sub("live"), url = $"http://127.0.0.1:{port}/";
        using var hades = HadesProcess.Start(["run", "--run-dir", runDir, .. Options, "--dashboard", port.ToString(CultureInfo.InvariantCulture)]);
        var output = new StringBuilder();
        hades.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        hades.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        hades.BeginOutputReadLine();
        hades.BeginErrorReadLine();
        string Output() { lock (output) return output.ToString(); }
        try
        {
            await Until(async () => await Answers(url + "api/runs"), hades, Output, "the dashboard never answered");
            Assert.Contains($"dashboard: {url}", Output());

            await page.GotoAsync(url);
            await Until(async () => await page.EvaluateAsync<string>(
                "() => document.querySelector('#runs tr[data-run=\"live\"] .status')?.textContent ?? ''") == "running", hades, Output,
                "the index never listed the run as running");
            Assert.Equal("/runs/live", await page.Locator("#runs tr[data-run=\"live\"] a").GetAttributeAsync("href"));

            await page.GotoAsync(url + "runs/live");
            await page.EvaluateAsync("() => { window.__sameDocument = true; }");
            PageState first = null!, later = null!;
            await Until(async () => (first = await Read(page)) is { Points: >= 2, Width: > 0, Hash: not null }, hades, Output,
                "the fitness curve or the dataset picture never appeared");
            await Until(async () => (later = await Read(page)) is { Width: > 0, Hash: not null } l && l.Points >= first.Points + 3 && l.Src != first.Src,
                hades, Output, $"the page did not update after showing {first}");

            // the curves have one vertex per finished generation, mean and max alike
            Assert.Equal(later.Points, later.Mean);
            Assert.Equal(later.Points, later.Max);
            Assert.True(later.Eval >= first.Points + 3, $"eval curve has {later.Eval} points");
            // the same document all along: the points came by server-sent events, not by reloading
            Assert.True(later.SameDocument, "the page was reloaded");
            Assert.True(later.Points <= File.ReadAllLines(Path.Combine(runDir, "metrics.csv")).Length - 1);
            // the picture shown is dataset.png (its size), and a newer one replaced the first
            var png = PngReader.Read(File.ReadAllBytes(Path.Combine(runDir, "dataset.png")));
            Assert.Equal((png.Width, png.Height), (later.Width, later.Height));
            Assert.StartsWith("/api/runs/live/dataset.png?v=", later.Src);
            Assert.NotEqual(first.Hash, later.Hash);
        }
        finally
        {
            if (!hades.HasExited) hades.Kill(entireProcessTree: true);
            await hades.WaitForExitAsync();
            await page.Context.CloseAsync();
        }
    }

    static async Task<PageState> Read(IPage page)
    {
        var v = await page.EvaluateAsync<JsonElement>(Probe);
        return new PageState(v.GetProperty("points").GetInt32(), v.GetProperty("mean").GetInt32(), v.GetProperty("max").GetInt32(),
            v.GetProperty("eval").GetInt32(), v.GetProperty("src").GetString()!, v.GetProperty("width").GetInt32(), v.GetProperty("height").GetInt32(),
            v.GetProperty("hash").ValueKind == JsonValueKind.Number ? v.GetProperty("hash").GetInt64() : null, v.GetProperty("sameDocument").GetBoolean());
    }

    static async Task<bool> Answers(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try { return (await http.GetAsync(url)).IsSuccessStatusCode; }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails if the run ends first or after two minutes.</summary>
    static async Task Until(Func<Task<bool>> condition, Process hades, Func<string> output, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await condition())
        {
            if (hades.HasExited) Assert.Fail($"{failure}: hades exited with {hades.ExitCode}:\n{output()}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"{failure} (waited 2 minutes):\n{output()}");
            await Task.Delay(200);
        }
    }

    public void Dispose() => dir.Dispose();
}
