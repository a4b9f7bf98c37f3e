using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>`hades ppo` journals every iteration: a killed run resumes to the same policy as an uninterrupted one.</summary>
public sealed class PpoCommandTests : IDisposable
{
    readonly TempDir dir = new();

    static string[] Args(string runDir) =>
        ["ppo", "--task", "cartpole", "--iterations", "12", "--envs", "2", "--steps-per-env", "64", "--run-dir", runDir, "--final-eval-episodes", "3", "--quiet"];

    [Fact]
    [Trait("Category", "slow")]
    public void A_killed_ppo_run_resumes_to_the_same_policy()
    {
        string reference = dir.Sub("reference"), killed = dir.Sub("killed");
        var clean = HadesProcess.Run(Args(reference));
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.Contains("final policy (greedy)", clean.Stdout);
        Assert.Equal(13, File.ReadAllLines(Path.Combine(reference, "metrics.csv")).Length);

        using (var p = HadesProcess.Start(Args(killed)))
        {
            // kill once a few iterations are journalled (metrics.csv is rewritten after each)
            var deadline = DateTime.UtcNow.AddSeconds(60);
            string metrics = Path.Combine(killed, "metrics.csv");
            while (!p.HasExited && DateTime.UtcNow < deadline &&
                   (!File.Exists(metrics) || SafeLineCount(metrics) < 4)) Thread.Sleep(50);
            if (!p.HasExited) p.Kill();
            p.WaitForExit();
        }
        var resumed = HadesProcess.Run("resume", killed, "--final-eval-episodes", "3", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "policy.npz")), File.ReadAllBytes(Path.Combine(killed, "policy.npz")));
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "summary.json")).Split('\n').Where(l => l.Contains("final_eval_mean")),
                     File.ReadAllText(Path.Combine(killed, "summary.json")).Split('\n').Where(l => l.Contains("final_eval_mean")));
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Other_settings_in_the_same_run_dir_are_refused()
    {
        string runDir = dir.Sub("run");
        Assert.Equal(0, HadesProcess.Run(Args(runDir)).ExitCode);
        var again = HadesProcess.Run("ppo", "--task", "cartpole", "--iterations", "3", "--run-dir", runDir);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("other settings", again.Stderr);
        Assert.Single(again.Stderr.Trim().Split('\n'));
    }

    static int SafeLineCount(string path)
    {
        try { return File.ReadAllLines(path).Length; } catch (IOException) { return 0; }
    }

    public void Dispose() => dir.Dispose();
}
