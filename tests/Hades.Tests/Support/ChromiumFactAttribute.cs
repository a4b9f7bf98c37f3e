namespace Hades.Tests.Support;

/// <summary>A test that drives a headless Chromium (`apt-get install chromium`; .ci/run installs it); skipped,
/// saying so, where none is installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessBrowser.Executable is null)
            Skip = "needs Chromium for the browser test: apt-get install chromium (or set HADES_CHROMIUM to a Chrome/Chromium binary)";
    }
}
