using Microsoft.Playwright;

namespace Hades.Tests.Support;

/// <summary>
/// One headless Chromium for the browser tests, driven by Microsoft.Playwright: Debian's <c>chromium</c> package
/// (<see cref="Executable"/>), launched by path, so Playwright downloads no browser; its driver (node) ships inside
/// the NuGet package. Shared by the tests of the <see cref="BrowserCollection"/>; each test opens its own page.
/// </summary>
public sealed class PlaywrightBrowser : IAsyncLifetime
{
    IPlaywright? playwright;
    IBrowser? browser;

    /// <summary>The Chromium to use: $HADES_CHROMIUM, else the first of the usual Debian paths that exists; null when none.</summary>
    public static string? Executable =>
        new[] { Environment.GetEnvironmentVariable("HADES_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public async Task InitializeAsync()
    {
        if (Executable is null) return; // the tests are skipped (ChromiumFact)
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh page (its own context: no cookies or storage shared with other tests).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await (browser ?? throw new InvalidOperationException("no Chromium")).NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}

/// <summary>The tests that share one <see cref="PlaywrightBrowser"/> (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PlaywrightBrowser>
{
    public const string Name = "browser";
}
