namespace Hades.Tests.Support;

/// <summary>A test that drives a headless Chromium through Playwright (<see cref="PlaywrightBrowser"/>;
/// `apt-get install chromium`, which .ci/run does); skipped, saying so, where none is installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (PlaywrightBrowser.Executable is null)
            Skip = "needs Chromium for the browser tests: apt-get install chromium (or set HADES_CHROMIUM to a Chrome/Chromium binary)";
    }
}
