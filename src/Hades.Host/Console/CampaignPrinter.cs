using Hades.Actors.Messages;

namespace Hades.Host.Console;

/// <summary>A campaign's progress as lines: one per started experiment and, unless quiet, one per generation.</summary>
public sealed class CampaignPrinter(TextWriter output, bool quiet) : ICampaignProgress
{
    readonly Dictionary<string, string> names = [];
    string current = "";

    public void OnExperimentStarted(ExperimentStarted e)
    {
        current = e.Name;
        lock (names) names[e.RunId] = e.Name;
        output.WriteLine($"experiment {e.Index + 1}/{e.Count}: {e.Name}");
    }

    public void OnGeneration(GenerationReported r)
    {
        if (quiet) return;
        string name;
        lock (names) name = names.GetValueOrDefault(r.RunId, current);
        output.WriteLine(FormattableString.Invariant(
            $"  {name} gen {r.Record.Generation + 1}/{r.TotalGenerations}  fitness mean {r.Record.MeanFitness:0.0} max {r.Record.MaxFitness:0.0}  eval {r.Record.EvalReturn:0.0}  {r.Record.Seconds:0.00}s"));
    }

    public void OnCounts(CampaignCounts counts) { }

    public void OnStageDone(StageDone d)
    {
        if (!quiet) output.WriteLine($"  {d.Name} done on {d.Node}");
    }

    public Task<T> Show<T>(Func<Task<T>> run) => run();
}
