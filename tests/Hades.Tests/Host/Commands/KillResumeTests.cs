using Hades.Core.Runs;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>
/// Acceptance: a run killed with SIGKILL at arbitrary points and resumed with `hades resume` ends with a
/// dataset.json byte-identical to the same run left alone.
/// </summary>
public sealed class KillResumeTests : IDisposable
{
    readonly TempDir dir = new();

    static readonly string[] Options =
    [
        "--task", "cartpole", "--seed", "11", "--generations", "12", "--population", "32", "--dataset-size", "2",
        "--hidden", "16", "--inner-steps", "10", "--episodes", "2", "--eval-policies", "4", "--snapshot-every", "3",
        "--inits", "2", "--init-aggregate", "mean", "--stop-when-solved", "0", "--learners", "", "--sigma", "0.1", "--eval-aggregate", "mean", // not the default job: the settings these tests were written for
        "--batch-size", "8", "--final-eval-episodes", "0", "--quiet",
    ];

    /// <summary><paramref name="options"/> with <paramref name="option"/>'s value replaced (an option may be given once,
    /// and Options gives every option these tests vary).</summary>
    static string[] With(string[] options, string option, string value)
    {
        var copy = options.ToArray();
        copy[Array.IndexOf(copy, option) + 1] = value;
        return copy;
    }

    static int FinishedGenerations(string runDir)
    {
        string metrics = Path.Combine(runDir, "metrics.csv");
        return File.Exists(metrics) ? File.ReadAllLines(metrics).Length - 1 : 0;
    }

    /// <summary>metrics.csv without its wall-time column (index 4, "seconds"); env_steps after it must match too.</summary>
    static string WithoutSeconds(string metricsFile) =>
        string.Join('\n', File.ReadAllLines(metricsFile).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 4))));

    [Fact]
    [Trait("Category", "slow")]
    public void Killed_and_resumed_run_matches_the_uninterrupted_run_byte_for_byte() =>
        KillAndResume(Options, generations: 12, kills: 4, minimumMidRun: 2, seed: 20261125);

    /// <summary>Learner-robust HaDES: the generation's learner draws are regenerated after each kill.</summary>
    [Fact]
    [Trait("Category", "slow")]
    public void Killed_and_resumed_learner_robust_run_matches_the_uninterrupted_run_byte_for_byte() =>
        KillAndResume(With(With(Options, "--inits", "3"), "--learners", "hidden=8|16|8x8;activation=relu|tanh;inner-lr=0.01|0.03;inner-steps=5|10"),
            generations: 12, kills: 4, minimumMidRun: 2, seed: 17);

    /// <summary><c>--eval-every 3</c>: the unscored generations' NaN and the scored ones resume to the same files.</summary>
    [Fact]
    [Trait("Category", "slow")]
    public void Killed_and_resumed_run_scoring_every_third_generation_matches_the_uninterrupted_run_byte_for_byte() =>
        KillAndResume([.. Options, "--eval-every", "3"], generations: 12, kills: 4, minimumMidRun: 2, seed: 316);

    /// <summary>The soak: ten SIGKILLs at random moments of a longer run, each followed by a resume.</summary>
    [Fact]
    [Trait("Category", "slow")]
    public void Ten_random_kills_each_followed_by_resume_end_with_the_uninterrupted_dataset() =>
        KillAndResume([.. Options.Select(o => o == "12" ? "150" : o)], generations: 150, kills: 10, minimumMidRun: 8, seed: 7);

    void KillAndResume(string[] options, int generations, int kills, int minimumMidRun, int seed)
    {
        string reference = dir.Sub("reference"), killed = dir.Sub("killed");
        var clean = HadesProcess.Run(["run", "--run-dir", reference, .. options]);
        Assert.True(clean.ExitCode == 0, clean.Stderr);

        var random = new System.Random(seed);
        int killsMidRun = 0;
        for (int attempt = 0; attempt < kills; attempt++)
        {
            using var p = attempt == 0
                ? HadesProcess.Start(["run", "--run-dir", killed, .. options])
                : HadesProcess.Start("resume", killed, "--final-eval-episodes", "0", "--quiet");
            // the kill lands after a random generation not yet finished, drawn so that the kills spread over the run, plus a
            // few milliseconds, so that it also lands inside a generation: counted in generations, not seconds, because a
            // fast machine finishes these small runs within a second of start-up, and a kill after the end exercises nothing
            int done = FinishedGenerations(killed), spread = Math.Max(1, (generations - done) / (kills - attempt));
            int target = Math.Min(done + 1 + random.Next(0, spread), generations - 1);
            WaitFor(() => FinishedGenerations(killed) >= target || p.HasExited);
            Thread.Sleep(random.Next(0, 25));
            bool wasRunning = !p.HasExited;
            if (wasRunning) p.Kill(); // SIGKILL: no shutdown hooks, no flushing
            p.WaitForExit();
            Assert.False(File.Exists(ExperimentFailure.FileOf(killed)), "a SIGKILLed run must read stopped, not failed");
            if (wasRunning && FinishedGenerations(killed) < generations) killsMidRun++;
        }
        Assert.True(killsMidRun >= minimumMidRun, $"only {killsMidRun} kills landed mid-run; the test did not exercise resume");

        var resumed = HadesProcess.Run("resume", killed, "--final-eval-episodes", "0", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "dataset.json")), File.ReadAllBytes(Path.Combine(killed, "dataset.json")));
        // the best-so-far dataset is derived from the journal, so resuming finds the same one
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "best-dataset.json")), File.ReadAllBytes(Path.Combine(killed, "best-dataset.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "best-dataset.npz")), File.ReadAllBytes(Path.Combine(killed, "best-dataset.npz")));
        Assert.Equal(WithoutSeconds(Path.Combine(reference, "metrics.csv")), WithoutSeconds(Path.Combine(killed, "metrics.csv")));
    }

    static void WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition() && DateTime.UtcNow < deadline) Thread.Sleep(2);
    }

    public void Dispose() => dir.Dispose();
}
