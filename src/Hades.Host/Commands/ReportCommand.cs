using Hades.Core;
using Hades.Core.Runs;
using Hades.Host.Cli;

namespace Hades.Host.Commands;

/// <summary>`hades report DIR...`: a results table (CSV + Markdown) over finished runs and campaigns.</summary>
public sealed class ReportCommand : ICommand
{
    public string Name => "report";
    public string Summary => "tabulate finished runs/campaigns: results.csv + results.md";
    public string Help => """
        usage: hades report DIR [DIR ...] [--out PREFIX] [--title TEXT]

        Reads summary.json of every finished run in the folders given (a run dir, a campaign dir, or a folder
        of either) and writes PREFIX.csv (one row per run) and PREFIX.md (one row per task and method: mean ±
        sd of the final evaluation over seeds, the seeds, the budget, wall time). Default PREFIX: results in
        the current folder. Runs without summary.json (unfinished, or run with --final-eval-episodes 0) are skipped.
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArguments.Parse(args, Name, new HashSet<string>());
        a.ExpectPositionals(Name, 1, int.MaxValue, "one or more run or campaign dirs");
        string prefix = a.String("out") ?? "results";
        string title = a.String("title") ?? "Results";
        a.RejectUnused(Name);
        var entries = ResultsReport.Collect(a.Positionals);
        if (entries.Count == 0) throw new HadesUserException($"no finished runs (summary.json) in {string.Join(", ", a.Positionals)}");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(prefix));
        if (folder != null) Directory.CreateDirectory(folder);
        Core.Storage.AtomicFile.WriteAllText(prefix + ".csv", ResultsReport.Csv(entries));
        var markdown = ResultsReport.Markdown(entries, title);
        Core.Storage.AtomicFile.WriteAllText(prefix + ".md", markdown);
        System.Console.Write(markdown);
        System.Console.WriteLine($"\nwrote {prefix}.csv and {prefix}.md ({entries.Count} runs)");
        return Task.FromResult(0);
    }
}
