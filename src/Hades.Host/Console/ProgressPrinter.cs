using System.Globalization;
using Hades.Actors.Messages;

namespace Hades.Host.Console;

/// <summary>One line per generation: generation, fitness (mean/best), eval return, time per generation and ETA.
/// The view when stdout is not a terminal; with <c>quiet</c>, nothing (only the command's summary).</summary>
/// <remarks>PPO runs print "iter" lines with the mean training-episode return in the fitness columns; data-free
/// distillation prints "chunk" lines (agreement, student loss, score).</remarks>
public sealed class ProgressPrinter(TextWriter output, bool quiet, string unit = "gen") : IRunProgress
{
    readonly ProgressStats stats = new();

    public void Header(string what) { if (!quiet) output.WriteLine(what); }

    public Task<T> Show<T>(Func<Task<T>> run) => run();

    public void OnGeneration(GenerationReported report)
    {
        stats.Add(report);
        if (!quiet) output.WriteLine(Line(report, stats, unit));
    }

    /// <summary>The line of one generation (also the live view's text).</summary>
    public static string Line(GenerationReported report, ProgressStats stats, string unit)
    {
        var r = report.Record;
        int done = stats.Done, total = stats.Total;
        double eta = stats.EtaSeconds;
        if (unit == "chunk")
            // data-free distillation: agreement % in the mean column, student loss in the max column, score in eval
            return string.Create(CultureInfo.InvariantCulture,
                $"chunk {done,4}/{total}  agreement {r.MeanFitness,6:0.0}%  student loss {r.MaxFitness,8:0.0000}  score {r.EvalReturn,8:0.0}  {r.Seconds,6:0.00}s/chunk  ETA {eta,5:0}s");
        string dropped = report.StaleDropped + report.DuplicatesDropped > 0
            ? $"  dropped {report.StaleDropped} stale/{report.DuplicatesDropped} dup" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{unit} {done,4}/{total}  {(unit == "gen" ? "fitness mean" : "train return")} {r.MeanFitness,8:0.0} {(unit == "gen" ? $"max {r.MaxFitness,8:0.0}  best {stats.Best,8:0.0}" : $"best {stats.Best,8:0.0}")}  eval {r.EvalReturn,8:0.0}  {r.Seconds,6:0.00}s/{unit}  ETA {eta,5:0}s{dropped}");
    }
}
