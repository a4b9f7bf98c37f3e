using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>
/// Every task of the suite runs through `hades run --task NAME` with the same outputs as CartPole (dataset.json/.npz,
/// pictures, metrics, TensorBoard, report, summary), and a killed SNES run on a MinAtar-style game resumes to the
/// uninterrupted result.
/// </summary>
public sealed class TaskSuiteRunTests : IDisposable
{
    readonly TempDir dir = new();

    static string[] Tiny(string task, string runDir) =>
    [
        "run", "--task", task, "--generations", "2", "--population", "4", "--dataset-size", "6", "--hidden", "8",
        "--inner-steps", "3", "--episodes", "1", "--eval-policies", "1", "--batch-size", "4", "--run-dir", runDir,
        "--final-eval-episodes", "2", "--quiet",
    ];

    [Theory]
    [InlineData("breakout")]
    [InlineData("space-invaders")]
    [InlineData("asterix")]
    [InlineData("freeway")]
    [InlineData("seaquest")]
    [InlineData("pendulum")]
    [InlineData("mountaincar-continuous")]
    [Trait("Category", "slow")]
    public void A_new_task_runs_with_the_usual_outputs(string task)
    {
        string runDir = dir.Sub(task);
        var result = HadesProcess.Run(Tiny(task, runDir));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("final dataset: mean return", result.Stdout);
        foreach (var file in new[] { "config.json", "dataset.json", "dataset.npz", "dataset.png", "fitness.png", "metrics.csv", "summary.json", "report.md" })
            Assert.True(File.Exists(Path.Combine(runDir, file)), $"{task}: {file} missing");
        Assert.Equal(3, File.ReadAllLines(Path.Combine(runDir, "metrics.csv")).Length);
        var dataset = File.ReadAllText(Path.Combine(runDir, "dataset.json"));
        Assert.Contains(task is "pendulum" or "mountaincar-continuous" ? "\"actions\"" : "\"labels\"", dataset);
        // a second start of the same finished run does no more generations
        var again = HadesProcess.Run("resume", runDir, "--final-eval-episodes", "0", "--quiet");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(runDir, "metrics.csv")).Length);
    }

    [Fact]
    [Trait("Category", "slow")]
    public void A_killed_snes_run_on_breakout_resumes_to_the_uninterrupted_dataset()
    {
        string[] options = ["--task", "breakout", "--generations", "8", "--population", "8", "--hidden", "16", "--inner-steps", "5",
            "--episodes", "1", "--eval-policies", "1", "--batch-size", "4", "--snapshot-every", "3", "--final-eval-episodes", "0", "--quiet"];
        string reference = dir.Sub("reference"), killed = dir.Sub("killed");
        var clean = HadesProcess.Run(["run", "--run-dir", reference, .. options]);
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        using (var p = HadesProcess.Start(["run", "--run-dir", killed, .. options]))
        {
            string metrics = Path.Combine(killed, "metrics.csv");
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!p.HasExited && DateTime.UtcNow < deadline && Lines(metrics) < 4) Thread.Sleep(50);
            if (!p.HasExited) p.Kill();
            p.WaitForExit();
        }
        var resumed = HadesProcess.Run("resume", killed, "--final-eval-episodes", "0", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "dataset.json")), File.ReadAllBytes(Path.Combine(killed, "dataset.json")));
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Direct_es_runs_write_the_policy_instead_of_a_dataset()
    {
        string runDir = dir.Sub("direct");
        var result = HadesProcess.Run("run", "--task", "cartpole", "--method", "direct-es", "--generations", "2", "--population", "8",
            "--hidden", "8", "--episodes", "1", "--eval-policies", "1", "--run-dir", runDir, "--final-eval-episodes", "3", "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("final policy: mean return", result.Stdout);
        Assert.True(File.Exists(Path.Combine(runDir, "policy.npz")));
        Assert.False(File.Exists(Path.Combine(runDir, "dataset.json")));
        var arrays = Hades.Core.Datasets.Npz.Read(Path.Combine(runDir, "policy.npz"));
        Assert.Equal([4, 8], arrays["W0"].Shape);
        Assert.Equal(4 * 8 + 8 + 8 * 2 + 2, arrays["flat"].Shape[0]);
    }

    static int Lines(string path)
    {
        try { return File.Exists(path) ? File.ReadAllLines(path).Length : 0; } catch (IOException) { return 0; }
    }

    public void Dispose() => dir.Dispose();
}
