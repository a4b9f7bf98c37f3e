using Hades.Tests.Support;

namespace Hades.Tests.Host.Faults;

/// <summary>What every fault case checks: one <c>hades: error:</c> line naming the problem, a non-zero exit, no stack trace.</summary>
public static class FaultAssert
{
    public static void OneLineError(HadesProcess.Result r, string expectedFragment, int exitCode = 2)
    {
        Assert.True(r.ExitCode == exitCode, $"exit {r.ExitCode}, expected {exitCode}; stderr:\n{r.Stderr}");
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line, got:\n{r.Stderr}");
        Assert.StartsWith("hades: error:", lines[0]);
        Assert.Contains(expectedFragment, lines[0]);
        Assert.DoesNotContain("   at ", r.Stdout + r.Stderr);
    }

    /// <summary>Runs hades on a run dir and checks that it is refused in one line and left byte-identical.</summary>
    public static void RefusedAndUntouched(string dir, string expectedFragment, params string[] args) =>
        RefusedAndUntouched(dir, expectedFragment, new Dictionary<string, string>(), args);

    public static void RefusedAndUntouched(string dir, string expectedFragment, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var before = DirectorySnapshot.Of(dir);
        OneLineError(HadesProcess.Run(environment, TimeSpan.FromMinutes(2), args), expectedFragment);
        Assert.Equal(before, DirectorySnapshot.Of(dir));
    }
}
