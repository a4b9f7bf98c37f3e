using System.Globalization;
using System.Text;

namespace Hades.Core.Runs;

/// <summary>
/// A campaign's results.csv / results.md: one row per run (its final evaluation: return or accuracy; for a
/// zero-shot experiment, each task's normalised score of the per-task policy and of the zero-shot agent) and one
/// row per (task, method, budget) with the mean, its standard error (sample sd / √n) and n over the runs (seeds).
/// Runs of the same task, method and budget but other settings (<see cref="RunSettings"/>: the run's settings file
/// without the seed) are separate groups, whose method names the settings in which they differ.
/// </summary>
public static class CampaignResults
{
    /// <summary>One run's score. <paramref name="Kind"/>: the experiment's kind; <paramref name="Score"/>: the final
    /// evaluation (or the normalised score of a zero-shot row); <paramref name="Settings"/>: what defines the run's
    /// experiment (null: none known, e.g. a zero-shot table's row).</summary>
    public sealed record Row(string Experiment, string Kind, string Task, string Method, string Budget, string Seed, double Score, string RunDir,
        RunSettings? Settings = null);

    public sealed record Group(string Kind, string Task, string Method, string Budget, int N, double Mean, double StandardError);

    public const string ZeroShotKind = "zero-shot";
    public const string PerTaskNormalised = "per-task policy (normalised)";
    public const string ZeroShotNormalised = "zero-shot agent (normalised)";

    public static IReadOnlyList<Group> Aggregate(IReadOnlyList<Row> rows) => rows
        .GroupBy(r => (r.Kind, r.Task, r.Method, r.Budget))
        .SelectMany(same =>
        {
            var experiments = same.GroupBy(r => r.Settings?.Hash ?? "", StringComparer.Ordinal).Select(g => g.ToList()).ToList();
            var labels = RunSettings.DifferingLabels(experiments.Select(g => g[0].Settings ?? RunSettings.None).ToList());
            return experiments.Select((g, i) =>
            {
                var scores = g.Select(r => r.Score).ToArray();
                double mean = scores.Average();
                double se = scores.Length > 1 ? Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / (scores.Length - 1) / scores.Length) : double.NaN;
                string method = labels[i].Length > 0 ? $"{same.Key.Method} ({labels[i]})" : same.Key.Method;
                return new Group(same.Key.Kind, same.Key.Task, method, same.Key.Budget, scores.Length, mean, se);
            });
        }).ToList();

    /// <summary>Aggregate rows first (<c>row = mean</c>: n, mean, se), then the per-run rows (<c>row = run</c>: n = 1).</summary>
    public static string Csv(IReadOnlyList<Row> rows)
    {
        var sb = new StringBuilder("row,experiment,kind,task,method,budget,seed,n,mean,se,run_dir\n");
        foreach (var g in Aggregate(rows))
            sb.Append(Invariant($"mean,,{g.Kind},{g.Task},\"{g.Method}\",\"{g.Budget}\",,{g.N},{g.Mean:0.####},{Se(g.StandardError)},\n"));
        foreach (var r in rows)
            sb.Append(Invariant($"run,{r.Experiment},{r.Kind},{r.Task},\"{r.Method}\",\"{r.Budget}\",{r.Seed},1,{r.Score:0.####},,{r.RunDir}\n"));
        return sb.ToString();
    }

    public static string Markdown(IReadOnlyList<Row> rows, string title)
    {
        var groups = Aggregate(rows);
        var sb = new StringBuilder($"# {title}\n\n");
        var scores = groups.Where(g => g.Kind != ZeroShotKind).ToList();
        if (scores.Count > 0)
        {
            sb.Append("Final evaluation per (task, method, budget, settings): mean ± standard error over n runs (seeds); runs of other settings (settings files compared without the seed) are other rows, whose method names the settings in which they differ.\n\n");
            sb.Append("| task | method | budget | n | final evaluation |\n|---|---|---|---|---|\n");
            foreach (var g in scores) sb.Append(Invariant($"| {g.Task} | {g.Method.Replace("|", "\\|")} | {g.Budget} | {g.N} | {g.Mean:0.###} ± {Se(g.StandardError)} |\n"));
        }
        var zeroShot = groups.Where(g => g.Kind == ZeroShotKind).ToList();
        if (zeroShot.Count > 0)
        {
            sb.Append("\n## Zero-shot multi-task agents\n\nNormalised score = (return − random) / (PPO expert − random), per task; ");
            sb.Append("mean ± standard error over n zero-shot experiments (seeds).\n\n");
            sb.Append("| task | per-task policy | zero-shot agent | n |\n|---|---|---|---|\n");
            foreach (var task in zeroShot.Select(g => g.Task).Distinct())
            {
                var perTask = zeroShot.FirstOrDefault(g => g.Task == task && g.Method == PerTaskNormalised);
                var agent = zeroShot.FirstOrDefault(g => g.Task == task && g.Method == ZeroShotNormalised);
                sb.Append(Invariant($"| {task} | {Cell(perTask)} | {Cell(agent)} | {agent?.N ?? perTask?.N ?? 0} |\n"));
            }
            if (zeroShot.Any(g => g.Method is not (PerTaskNormalised or ZeroShotNormalised)))
                sb.Append("\n–: no PPO expert better than random for the task, so no normalised score (the runs below then give the agent relative to the per-task policy).\n");
        }
        sb.Append("\n## Runs\n\n| experiment | kind | task | method | seed | score |\n|---|---|---|---|---|---|\n");
        foreach (var r in rows) sb.Append(Invariant($"| {r.Experiment} | {r.Kind} | {r.Task} | {r.Method} | {r.Seed} | {r.Score:0.###} |\n"));
        return sb.ToString();
    }

    static string Cell(Group? g) => g is null ? "–" : Invariant($"{g.Mean:0.###} ± {Se(g.StandardError)}");

    static string Se(double se) => double.IsNaN(se) ? "n/a" : se.ToString("0.###", CultureInfo.InvariantCulture);

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
