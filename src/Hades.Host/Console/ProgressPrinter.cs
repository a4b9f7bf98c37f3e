using System.Diagnostics;
using System.Globalization;
using Hades.Actors.Messages;

namespace Hades.Host.Console;

/// <summary>One line per generation: generation, fitness (mean/best), eval return, time per generation and ETA.</summary>
/// <remarks>PPO runs print "iter" lines with the mean training-episode return in the fitness columns; data-free
/// distillation prints "chunk" lines (agreement, student loss, score).</remarks>
public sealed class ProgressPrinter(TextWriter output, bool quiet, string unit = "gen")
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    int reported;
    double best = double.NegativeInfinity;

    public void Header(string what) { if (!quiet) output.WriteLine(what); }

    public void OnGeneration(GenerationReported report)
    {
        reported++;
        var r = report.Record;
        best = Math.Max(best, r.MaxFitness);
        if (quiet) return;
        int done = r.Generation + 1, total = report.TotalGenerations;
        double perGeneration = clock.Elapsed.TotalSeconds / reported;
        double eta = perGeneration * (total - done);
        if (unit == "chunk")
        {
            // data-free distillation: agreement % in the mean column, student loss in the max column, score in eval
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"chunk {done,4}/{total}  agreement {r.MeanFitness,6:0.0}%  student loss {r.MaxFitness,8:0.0000}  score {r.EvalReturn,8:0.0}  {r.Seconds,6:0.00}s/chunk  ETA {eta,5:0}s"));
            return;
        }
        string dropped = report.StaleDropped + report.DuplicatesDropped > 0
            ? $"  dropped {report.StaleDropped} stale/{report.DuplicatesDropped} dup" : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{unit} {done,4}/{total}  {(unit == "gen" ? "fitness mean" : "train return")} {r.MeanFitness,8:0.0} {(unit == "gen" ? $"max {r.MaxFitness,8:0.0}  best {best,8:0.0}" : $"best {best,8:0.0}")}  eval {r.EvalReturn,8:0.0}  {r.Seconds,6:0.00}s/{unit}  ETA {eta,5:0}s{dropped}"));
    }
}
