using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;

namespace Hades.Actors.Campaigns;

/// <summary>One HaDES experiment as the campaign actor runs it: its name, run dir and problem.</summary>
public sealed record CampaignRun(string Name, RunDirectory Directory, HadesProblem Problem);

/// <summary>
/// One experiment of a campaign as the campaign actor schedules it: its name, the indices of the experiments it
/// needs, what the journal's plan records for it (<paramref name="PlanJson"/>, <paramref name="RunId"/>), and either a
/// HaDES run (a population child) or a stage of another kind for a trainer (<paramref name="Work"/>): a resumable
/// piece of work that completes when the experiment's outputs are written (it is run again from its own state after
/// a kill or a lost trainer, so it must skip or continue what an earlier start did) and fails on error.
/// </summary>
public sealed record CampaignStep(string Name, int[] Needs, string PlanJson, string RunId, CampaignRun? Population,
    Messages.StageWork? Work)
{
    public static CampaignStep Of(CampaignRun run) => new(run.Name, [], run.Problem.Config.ToJson(), run.Directory.RunId, run, null);
}
