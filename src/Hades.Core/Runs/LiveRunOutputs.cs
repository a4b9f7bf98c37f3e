using System.Diagnostics;
using Hades.Core.BehaviourDistillation;

namespace Hades.Core.Runs;

/// <summary>
/// The outputs of a run while it runs (the population calls it after each generation). Every generation it
/// writes the cheap part: the current result, the best result when it changed, and one appended metrics.csv row
/// with its TensorBoard scalars. The pictures, the dataset's TensorBoard image and report.md (drawing and
/// encoding: most of the cost) are rewritten at most every <see cref="PicturesEvery"/>, and always by
/// <see cref="WriteAll"/> (after recovery) and for the run's last generation. Nothing here is the run's state:
/// the journal is, and a restarted run rewrites every file from it, so a kill loses no output.
/// </summary>
public sealed class LiveRunOutputs(HadesProblem problem, RunDirectory run, TimeSpan picturesEvery)
{
    public static readonly TimeSpan DefaultPicturesEvery = TimeSpan.FromSeconds(5);

    readonly Stopwatch clock = new();
    int? bestWritten;
    int rowsWritten = -1; // metrics.csv rows known to be on disk; -1 until this instance has written the whole file

    public TimeSpan PicturesEvery => picturesEvery;

    /// <summary>Rewrites every file from the state (a run that starts or recovers). A run with no generation yet gets
    /// its pictures when they are first due (there is no curve to draw; the start's dataset picture is the
    /// expensive part of a campaign's many small experiments).</summary>
    public void WriteAll(RunState state)
    {
        if (state.History.Count == 0 && !state.IsFinished(problem.Config))
        {
            RunOutputs.WriteResult(problem, run, state, withBest: true);
            new RunMetricsWriter(run).Write(state.History);
            RunReport.Write(run, problem.Config, state.History);
        }
        else RunOutputs.Write(problem, run, state);
        clock.Restart();
        bestWritten = state.Best?.Generation;
        rowsWritten = state.History.Count;
    }

    /// <summary>After a generation was applied: the cheap part now, the pictures when they are due.</summary>
    public void Generation(RunState state)
    {
        bool last = state.IsFinished(problem.Config);
        if (rowsWritten < 0 || rowsWritten != state.History.Count - 1) { WriteAll(state); return; } // not appendable: start over
        bool bestChanged = state.Best?.Generation != bestWritten;
        RunOutputs.WriteResult(problem, run, state, withBest: bestChanged);
        bestWritten = state.Best?.Generation;
        new RunMetricsWriter(run).Append(state.History);
        rowsWritten = state.History.Count;
        if (last || clock.Elapsed >= picturesEvery)
        {
            RunOutputs.WritePictures(problem, run, state);
            RunReport.Write(run, problem.Config, state.History);
            clock.Restart();
        }
    }
}
