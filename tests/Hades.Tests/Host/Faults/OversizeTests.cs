using System.Diagnostics;
using Hades.Tests.Host.Commands;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Faults;

/// <summary>Sizes that cannot fit are refused in one line before anything is allocated, with a peak RSS under 1 GiB
/// (GNU time's maximum resident set size of the process). (They answer in about 0.2–1.5 s; tests assert no wall times.)</summary>
public sealed class OversizeTests(FinishedRunFixture finished) : IClassFixture<FinishedRunFixture>, IDisposable
{
    readonly TempDir scratch = new();
    const string GnuTime = "/usr/bin/time";

    [Theory]
    [InlineData("population-size 1000000000 is above the limit", "run", "--population", "1000000000")]
    [InlineData("hidden width 1000000000 is above the limit", "run", "--hidden", "1000000000")]
    [InlineData("hidden width 100000 is above the limit", "run", "--hidden", "100000,100000")]
    [InlineData("dataset-size 10000000 is above the limit", "run", "--dataset-size", "10000000")]
    [InlineData("needs about", "run", "--hidden", "16000,16000")]
    [InlineData("needs about", "run", "--population", "1000000", "--dataset-size", "100000")]
    [InlineData("episodes 100000 is above the limit", "run", "--episodes", "100000")]
    [InlineData("--sigma expects a number", "run", "--sigma", "1e400")]
    public void Oversize_runs_are_refused_quickly_and_small(string expected, params string[] args)
    {
        string dir = scratch.Sub("big");
        AssertRefusedSmall(expected, [.. args, "--run-dir", dir]);
        Assert.False(Directory.Exists(dir));
    }

    [Theory]
    [InlineData("hidden width 1000000000 is above the limit", "--hidden", "1000000000")]
    [InlineData("needs about", "--hidden", "8000,8000", "--episodes", "10000")]
    public void Oversize_evaluations_are_refused_quickly_and_small(string expected, params string[] args)
    {
        string dir = finished.Copy(scratch);
        var before = DirectorySnapshot.Of(dir);
        AssertRefusedSmall(expected, ["eval", dir, .. args]);
        Assert.Equal(before, DirectorySnapshot.Of(dir));
    }

    [Fact]
    public void An_oversize_campaign_experiment_is_refused_before_its_folder_is_made()
    {
        string file = scratch.Sub("c.json"), folder = scratch.Sub("campaign");
        File.WriteAllText(file, """{ "name": "big", "experiments": [ { "name": "a", "hidden": [100000] } ] }""");
        AssertRefusedSmall("hidden width 100000 is above the limit", ["campaign", file, "--campaign-dir", folder]);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void The_memory_estimate_is_checked_against_available_memory()
    {
        string dir = scratch.Sub("small-machine");
        var r = HadesProcess.Run(new Dictionary<string, string> { ["HADES_MEMORY_AVAILABLE_BYTES"] = "1000" }, TimeSpan.FromSeconds(60),
            ["run", "--run-dir", dir, .. FinishedRunFixture.TinyOptions]);
        FaultAssert.OneLineError(r, "but the machine has 0 MiB available");
        Assert.False(Directory.Exists(dir));
    }

    void AssertRefusedSmall(string expected, string[] args)
    {
        Assert.True(File.Exists(GnuTime), $"{GnuTime} (Debian package 'time') is needed to measure the peak RSS; .ci/run installs it");
        var (result, peakKib) = UnderGnuTime(args, scratch.Sub($"rss-{Guid.NewGuid():N}"));
        FaultAssert.OneLineError(result, expected);
        Assert.True(peakKib < 1 << 20, $"peak RSS {peakKib} KiB");
    }

    /// <summary>Runs hades under GNU time (its report goes to a file, so stderr is hades's own) and returns the result
    /// and the maximum resident set size in KiB. A refusal that allocated would be killed or time out instead.</summary>
    static (HadesProcess.Result Result, long PeakKib) UnderGnuTime(string[] args, string report)
    {
        var info = new ProcessStartInfo(GnuTime) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in (string[])["-f", "%M", "-o", report, Path.Combine(AppContext.BaseDirectory, "hades"), .. args]) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"hades {string.Join(' ', args)} was not refused within 60 s");
        }
        var lines = File.ReadAllLines(report).Where(l => l.Trim().Length > 0).ToList();
        // GNU time writes "Command exited with non-zero status N" before the format's line
        return (new HadesProcess.Result(p.ExitCode, stdout.Result, stderr.Result), long.Parse(lines[^1].Trim()));
    }

    public void Dispose() => scratch.Dispose();
}
