using System.CommandLine;
using Hades.Core;
using Hades.Core.Runs;
using Hades.Host.Cli;

namespace Hades.Host.Commands;

/// <summary>`hades report DIR...`: a results table (CSV + Markdown) over finished runs and campaigns.</summary>
public sealed class ReportCommand : ICommand
{
    public string Name => "report";
    public string Summary => "tabulate finished runs/campaigns: results.csv + results.md";
    public string Description => """
        Reads summary.json of every finished run in the folders given (a run dir, a campaign dir, or a folder
        of either) and writes PREFIX.csv (one row per run, with the hash of its settings) and PREFIX.md (one row
        per experiment: task, method, budget and settings, where settings are the run's config.json, ppo.json or
        distil.json without the seed and run-local fields; mean ± standard error of the final evaluation over
        its seeds, the seeds, the budget, wall time). Rows that share task, method and budget but not their
        settings name the settings in which they differ, e.g. "HaDES-R (preset=paper, policy_init=orthogonal)".
        Default PREFIX: results in the current folder. Runs without summary.json (unfinished, or run with
        --final-eval-episodes 0) are skipped.
        """;

    static readonly Argument<string[]> Dirs = Opt.Positionals("DIR", "run dirs, campaign dirs or folders of either");
    static readonly Option<string> Out = Opt.String("out", "PREFIX", "where to write PREFIX.csv and PREFIX.md (default results)");
    static readonly Option<string> Title = Opt.String("title", "TEXT", "title of the Markdown table (default Results)");

    public void Declare(Command command)
    {
        command.Add(Dirs);
        command.Add(Out);
        command.Add(Title);
    }

    public Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        var dirs = a.ExpectPositionals(Name, 1, "one or more run or campaign dirs");
        string prefix = a.ValueOrNull(Out) ?? "results";
        string title = a.ValueOrNull(Title) ?? "Results";
        var entries = ResultsReport.Collect(dirs);
        if (entries.Count == 0) throw new HadesUserException($"no finished runs (summary.json) in {string.Join(", ", dirs)}");
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
