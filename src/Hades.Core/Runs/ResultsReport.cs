using System.Globalization;
using System.Text;

namespace Hades.Core.Runs;

/// <summary>
/// A results table over finished runs: one CSV row per run, and a Markdown table with one row per experiment, i.e.
/// per (task, method, budget, settings) — <see cref="RunSettings"/>: the run's settings file without the seed and
/// run-local fields, so runs that share a budget text but not their settings (a paper-preset and a quick-preset run)
/// are separate rows and seeds of one experiment are one row — giving the number of seeds n and the mean ± standard
/// error of the final evaluation over seeds (n = 1: the single value, no error), the seeds, the budget, the
/// environment steps and the mean wall time. Rows that share task, method and budget name, after the method, the
/// settings in which they differ. The CSV's <c>settings</c> column is the settings' hash (<see cref="RunSettings.Hash"/>).
/// The CSV's <c>env_steps</c> and <c>training_images_read</c> are the run's measured counts (for distillation runs,
/// those the job counted during distillation; <c>training_images_read</c> is empty for runs that have no image data).
/// </summary>
public static class ResultsReport
{
    /// <param name="Settings">What defines the run's experiment (<see cref="RunSettings.None"/> without a settings file).</param>
    public sealed record Entry(string RunDir, RunSummary Summary, RunSettings Settings);

    /// <summary>Every summary.json in the folders given, or in their sub-folders (campaigns), in path order.</summary>
    public static IReadOnlyList<Entry> Collect(IEnumerable<string> folders)
    {
        var entries = new List<Entry>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder)) throw new HadesUserException($"no such folder: {folder}");
            var files = new[] { Path.Combine(folder, "summary.json") }
                .Concat(Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal).Select(d => Path.Combine(d, "summary.json")))
                .Concat(Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal)
                    .SelectMany(d => Directory.EnumerateDirectories(d).Order(StringComparer.Ordinal)).Select(d => Path.Combine(d, "summary.json")));
            foreach (var file in files)
                if (RunSummary.Load(file) is { } summary)
                {
                    string runDir = Path.GetDirectoryName(Path.GetFullPath(file))!;
                    entries.Add(new Entry(runDir, summary, RunSettings.Read(runDir)));
                }
        }
        return entries.DistinctBy(e => e.RunDir).ToList();
    }

    public static string Csv(IReadOnlyList<Entry> entries)
    {
        var sb = new StringBuilder("task,method,seed,final_eval_mean,final_eval_std,final_eval_episodes,generations,env_steps,distill_seconds,budget,training_images_read,settings,run_dir\n");
        foreach (var (dir, s, settings) in entries)
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"{s.Task},{s.Method},{s.Seed},{s.FinalEvalMean:0.###},{s.FinalEvalStd:0.###},{s.FinalEvalEpisodes},{s.Generations},{s.EnvSteps},{s.DistillSeconds:0.#},\"{s.Budget}\",{s.TrainingImagesRead},{settings.Hash},{dir}\n"));
        return sb.ToString();
    }

    public static string Markdown(IReadOnlyList<Entry> entries, string title)
    {
        var sb = new StringBuilder($"# {title}\n\n");
        sb.Append("Final evaluation: mean return of the result over its evaluation episodes (image tasks: test accuracy in %); the table gives, over seeds, n and the mean ± standard error of that number (a single seed has no error bar: \"n = 1\").\n\n");
        sb.Append("| task | method | final return or accuracy (mean ± s.e. over seeds) | seeds | budget | env steps per run | wall time per run |\n|---|---|---|---|---|---|---|\n");
        var rows = Rows(entries);
        foreach (var row in rows)
        {
            var group = row.Runs;
            var values = group.Select(e => e.Summary.FinalEvalMean).ToArray();
            // a setting's value may hold '|' (learners=hidden=64|64x64), which would split the Markdown cell
            string method = row.Label.Length > 0 ? $"{group[0].Summary.Method} ({row.Label.Replace("|", "\\|")})" : group[0].Summary.Method;
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {group[0].Summary.Task} | {method} | {MeanWithError(values)} | {string.Join(", ", group.Select(e => e.Summary.Seed))} | {group[0].Summary.Budget} | {group.Average(e => (double)e.Summary.EnvSteps):N0} | {group.Average(e => e.Summary.DistillSeconds):0} s |\n"));
        }
        if (rows.Any(r => r.Label.Length > 0))
            sb.Append("\nRows with the same task, method and budget but other settings (settings files compared without the seed) are separate experiments; the method cell names the settings in which they differ.\n");
        return sb.ToString();
    }

    /// <summary>One Markdown row: the runs of one experiment (seeds of the same task, method, budget and settings) and
    /// the settings that set it apart from the rows of the same task, method and budget (empty when there are none).</summary>
    public sealed record Row(IReadOnlyList<Entry> Runs, string Label);

    /// <summary>The experiments among <paramref name="entries"/>, ordered by task, method, then the shortest wall time.</summary>
    public static IReadOnlyList<Row> Rows(IReadOnlyList<Entry> entries)
    {
        var rows = new List<Row>();
        foreach (var same in entries.GroupBy(e => (e.Summary.Task, e.Summary.Method, e.Summary.Budget)))
        {
            var experiments = same.GroupBy(e => e.Settings.Hash, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
            var labels = RunSettings.DifferingLabels(experiments.Select(g => g[0].Settings).ToList());
            rows.AddRange(experiments.Select((g, i) => new Row(g, labels[i])));
        }
        return rows.OrderBy(r => r.Runs[0].Summary.Task, StringComparer.Ordinal).ThenBy(r => r.Runs[0].Summary.Method, StringComparer.Ordinal)
            .ThenBy(r => r.Runs.Min(e => e.Summary.DistillSeconds)).ToList();
    }

    /// <summary>"12.3 ± 0.4 (n = 3)" (mean ± standard error of the mean), or "12.3 (n = 1)" for a single value. The
    /// error keeps its first significant digit ("0.42 ± 0.03", not "0.4 ± 0.0"); a value with no error keeps two
    /// ("0.35 (n = 1)"); at least one and at most four decimals.</summary>
    public static string MeanWithError(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        if (values.Count == 1) return string.Create(CultureInfo.InvariantCulture, $"{Fixed(mean, DecimalsFor(mean, 2))} (n = 1)");
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        double se = sd / Math.Sqrt(values.Count);
        int decimals = DecimalsFor(se, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{Fixed(mean, decimals)} ± {Fixed(se, decimals)} (n = {values.Count})");
    }

    /// <summary>Decimals that show <paramref name="digits"/> significant digits of <paramref name="value"/>, in [1, 4].</summary>
    static int DecimalsFor(double value, int digits) =>
        value == 0 || !double.IsFinite(value) ? 1 : Math.Clamp(digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 1, 4);

    static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
