using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Runs;

/// <summary>Issue 16: a live run's per-generation bookkeeping is cheap (appends; pictures at most every few seconds)
/// and leaves the same files as a full rewrite from the state.</summary>
public sealed class LiveRunOutputsTests : IDisposable
{
    readonly TempDir dir = new();

    static readonly HadesConfig Config = new() { Generations = 6, PopulationSize = 4, DatasetSize = 2, Hidden = [8], InnerSteps = 5, Episodes = 1, EvalPolicies = 2, BatchSize = 4 };

    static RunState Step(HadesProblem problem, RunState state, int g) =>
        state.Apply(problem.Strategy, g, [g + 1f, -g, 2f * g, 0.5f], g % 3 == 1 ? 10f + g : g, 0.25 + g, envSteps: 100 + g);

    RunDirectory NewRun(string name)
    {
        var run = new RunDirectory(dir.Sub(name));
        run.CreateOrMatch(Config);
        return run;
    }

    [Fact]
    public void Appending_generations_leaves_the_files_a_full_rewrite_writes_and_pictures_are_drawn_when_due_and_at_the_end()
    {
        var problem = new HadesProblem(Config);
        var live = NewRun("live");
        var outputs = new LiveRunOutputs(problem, live, TimeSpan.FromHours(1)); // never due by time in this test
        var state = RunState.Initial(problem);
        outputs.WriteAll(state);
        Assert.False(File.Exists(live.FitnessPictureFile), "a run with no generation yet has no curve to draw");
        string reportBefore = File.ReadAllText(live.ReportFile);
        for (int g = 0; g < Config.Generations; g++)
        {
            state = Step(problem, state, g);
            outputs.Generation(state);
            if (g < Config.Generations - 1)
            {
                // the cheap part is current; the report and pictures wait (not due)
                Assert.Equal(g + 2, File.ReadAllLines(live.MetricsFile).Length);
                Assert.Equal(reportBefore, File.ReadAllText(live.ReportFile));
                Assert.False(File.Exists(live.FitnessPictureFile));
            }
        }
        Assert.NotEqual(reportBefore, File.ReadAllText(live.ReportFile)); // the last generation draws them
        Assert.True(File.Exists(live.FitnessPictureFile));

        // the same state written in one go
        var full = NewRun("full");
        File.SetLastWriteTimeUtc(full.ConfigFile, File.GetLastWriteTimeUtc(live.ConfigFile)); // the scalars' wall times start there
        RunOutputs.Write(problem, full, state);
        foreach (var file in new Func<RunDirectory, string>[] { r => r.MetricsFile, r => r.TensorBoardFile, r => r.DatasetFile, r => r.BestDatasetFile, r => r.DatasetPictureFile })
            Assert.Equal(File.ReadAllBytes(file(full)), File.ReadAllBytes(file(live)));
        Assert.Equal(File.ReadAllText(full.ReportFile), File.ReadAllText(live.ReportFile));
    }

    [Fact]
    public void Pictures_are_redrawn_once_their_interval_has_passed()
    {
        var problem = new HadesProblem(Config);
        var live = NewRun("due");
        var outputs = new LiveRunOutputs(problem, live, TimeSpan.Zero); // always due
        var state = RunState.Initial(problem);
        outputs.WriteAll(state);
        state = Step(problem, state, 0);
        outputs.Generation(state);
        Assert.Contains("Progress: 1/", File.ReadAllText(live.ReportFile));
    }

    [Fact]
    public void A_history_that_does_not_follow_what_was_written_is_rewritten_whole()
    {
        var problem = new HadesProblem(Config);
        var live = NewRun("gap");
        var outputs = new LiveRunOutputs(problem, live, TimeSpan.FromHours(1));
        var state = RunState.Initial(problem);
        state = Step(problem, state, 0);
        state = Step(problem, state, 1);
        outputs.Generation(state); // nothing written by this instance yet: everything is written
        Assert.Equal(3, File.ReadAllLines(live.MetricsFile).Length);
        Assert.Contains("Progress: 2/", File.ReadAllText(live.ReportFile));
    }

    public void Dispose() => dir.Dispose();
}
