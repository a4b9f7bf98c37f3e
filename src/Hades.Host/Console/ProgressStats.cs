using System.Diagnostics;
using Hades.Actors.Messages;

namespace Hades.Host.Console;

/// <summary>What both progress views show about a run: generations done of the total, best fitness so far,
/// seconds per generation (wall clock of this process over the generations it reported) and the ETA.</summary>
public sealed class ProgressStats
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    int reported;

    public double Best { get; private set; } = double.NegativeInfinity;
    public int Done { get; private set; }
    public int Total { get; private set; }
    public double SecondsPerGeneration => reported == 0 ? 0 : clock.Elapsed.TotalSeconds / reported;
    public double EtaSeconds => SecondsPerGeneration * (Total - Done);

    public void Add(GenerationReported report)
    {
        reported++;
        Best = Math.Max(Best, report.Record.MaxFitness);
        Done = report.Record.Generation + 1;
        Total = report.TotalGenerations;
    }
}
