using System.Globalization;
using Hades.Core.Campaigns;
using Hades.Core.Runs;
using Hades.Host.Evaluation;

namespace Hades.Host.Hosting;

/// <summary>The rows of a finished campaign's results tables, read from its run dirs: each run's summary.json (a
/// HaDES run without one: its last eval return), and each zero-shot experiment's normalised per-task and zero-shot
/// scores (or, without a PPO expert better than random for a task, the zero-shot agent relative to the per-task
/// policy, when the per-task policy beats random).</summary>
public static class CampaignResultRows
{
    public const string RelativeToPerTask = "zero-shot agent / per-task policy (normalised by random)";

    public static IReadOnlyList<CampaignResults.Row> Collect(CampaignPlan plan, CampaignDirectory folder, IReadOnlyList<RunDirectory> hadesDirs)
    {
        var hades = plan.Experiments.Select((e, i) => (e.Name, i)).ToDictionary(x => x.Name, x => hadesDirs[x.i]);
        var rows = new List<CampaignResults.Row>();
        foreach (var stage in plan.Stages)
        {
            var run = stage.Kind == CampaignStageKind.Hades ? hades[stage.Name] : folder.Run(stage.Name);
            switch (stage.Kind)
            {
                case CampaignStageKind.ZeroShot:
                    string table = Path.Combine(run.Path, CampaignStageJobs.ZeroShotFile);
                    if (!File.Exists(table)) break;
                    var settings = ZeroShotStage.Read(stage.Settings, stage.Name);
                    string budget = $"{settings.Learner.Steps} steps";
                    string seed = settings.Seed.ToString(CultureInfo.InvariantCulture);
                    foreach (var r in ZeroShotEvaluation.ReadCampaignCsv(table))
                    {
                        if (r.PerTaskNormalised is { } perTask && r.ZeroShotNormalised is { } agent)
                        {
                            rows.Add(new(stage.Name, CampaignResults.ZeroShotKind, r.Task, CampaignResults.PerTaskNormalised, budget, seed, perTask, run.Path));
                            rows.Add(new(stage.Name, CampaignResults.ZeroShotKind, r.Task, CampaignResults.ZeroShotNormalised, budget, seed, agent, run.Path));
                        }
                        else if (double.IsFinite(r.NormalisedRatio)) rows.Add(new(stage.Name, CampaignResults.ZeroShotKind, r.Task, RelativeToPerTask, budget, seed, r.NormalisedRatio, run.Path));
                    }
                    break;
                case CampaignStageKind.Generalise:
                    break; // its own table: generalisation.csv in its run dir
                default:
                    if (RunSummary.Load(run.SummaryFile) is { } s)
                        rows.Add(new(stage.Name, stage.Kind, s.Task, s.Method, s.Budget, s.Seed.ToString(CultureInfo.InvariantCulture), s.FinalEvalMean, run.Path,
                            RunSettings.Read(run.Path)));
                    else if (stage.Hades is { } config && File.Exists(run.MetricsFile) &&
                             File.ReadLines(run.MetricsFile).Skip(1).LastOrDefault()?.Split(',') is { Length: > 3 } last &&
                             double.TryParse(last[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var evalReturn))
                        rows.Add(new(stage.Name, stage.Kind, config.Task, config.MethodLabel, $"{config.Generations} generations (last eval return)",
                            config.Seed.ToString(CultureInfo.InvariantCulture), evalReturn, run.Path, RunSettings.Read(run.Path)));
                    break;
            }
        }
        return rows;
    }
}
