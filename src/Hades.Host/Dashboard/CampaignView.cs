using System.Text.RegularExpressions;
using Hades.Core.Runs;

namespace Hades.Host.Dashboard;

/// <summary>One experiment on the campaign page: its plan and status (with the error line of a failed one), and its
/// run's figures where it has a run.</summary>
public sealed record ExperimentView(string Name, string Kind, IReadOnlyList<string> Needs, string Status, string? RunId,
    string? Task, string? Method, ulong? Seed, int? Generations, int? TotalGenerations, double? EvalReturn, string? Error);

/// <summary>The experiments of one stage (the listed experiment whose grid made them, else their kind), in plan order.</summary>
public sealed record StageView(string Name, IReadOnlyList<ExperimentView> Experiments);

/// <summary>The seeds of one experiment: its runs and, per metric (<see cref="SeedBands.Metrics"/>), mean ± standard
/// error per generation.</summary>
public sealed record SeedGroupView(string Label, string Stage, string Kind, string Task, string Method, IReadOnlyList<string> RunIds,
    IReadOnlyList<ulong> Seeds, IReadOnlyDictionary<string, IReadOnlyList<BandPoint>> Bands);

/// <summary>What <c>/api/campaigns/{id}</c> answers: the campaign, its experiments by stage, how many are in each
/// status (<see cref="ExperimentStatus"/>), its seed groups and its results table (results.csv, results.md) once written.</summary>
public sealed record CampaignDetail(CampaignEntry Campaign, IReadOnlyList<StageView> Stages, IReadOnlyDictionary<string, int> StatusCounts,
    IReadOnlyList<SeedGroupView> SeedGroups, ResultsTable? Results, string? ResultsMarkdown);

/// <summary>Builds a campaign's page data from the run catalog and the runs' metrics.</summary>
public static partial class CampaignView
{
    public const string ResultsCsv = "results.csv", ResultsMarkdown = "results.md";

    public static CampaignDetail Build(CampaignEntry campaign, RunCatalog catalog, Func<string, IReadOnlyList<GenerationRecord>> metrics)
    {
        RunEntry? RunOf(CampaignExperimentEntry e) => e.RunId is null ? null : catalog.Run(e.RunId);

        var stages = campaign.Planned.GroupBy(e => e.Stage)
            .Select(g => new StageView(g.Key, g.Select(e =>
            {
                var run = RunOf(e);
                return new ExperimentView(e.Name, e.Kind, e.Needs, e.Status, e.RunId, run?.Task, run?.Method, run?.Seed,
                    run?.Generations, run?.TotalGenerations, run?.EvalReturn, e.Error);
            }).ToList()))
            .ToList();

        var counts = ExperimentStatus.All.ToDictionary(s => s, s => campaign.Planned.Count(e => e.Status == s));

        var groups = campaign.Planned.Where(e => RunOf(e) is not null)
            .GroupBy(e => e.SeedGroup)
            .Select(g =>
            {
                var members = g.ToList();
                var runs = members.Select(m => RunOf(m)!).ToList();
                var histories = runs.Select(r => metrics(r.Path)).ToList();
                var bands = SeedBands.Metrics.ToDictionary(m => m.Key, m => SeedBands.Compute(histories, m.Value));
                return new SeedGroupView(Label(members[0].Name, runs[0]), members[0].Stage, members[0].Kind, runs[0].Task, runs[0].Method,
                    runs.Select(r => r.Id).ToList(), runs.Select(r => r.Seed).ToList(), bands);
            })
            .ToList();

        string? markdown = null;
        try { markdown = File.ReadAllText(Path.Combine(campaign.Path, ResultsMarkdown)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return new CampaignDetail(campaign, stages, counts, groups, ResultsTable.Read(Path.Combine(campaign.Path, ResultsCsv)), markdown);
    }

    /// <summary>The experiment's name without its <c>seedN</c> part (else its task and method).</summary>
    static string Label(string experiment, RunEntry run)
    {
        string name = SeedPart().Replace(experiment, "").Replace("--", "-").Trim('-', '_', '.');
        return name.Length > 0 ? name : $"{run.Task} {run.Method}";
    }

    [GeneratedRegex(@"(?<=^|[-_.])seed\d+(?=$|[-_.])")]
    private static partial Regex SeedPart();
}
