using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;

namespace Hades.Actors.Campaigns;

/// <summary>One experiment as the campaign actor runs it: its name, run dir and problem.</summary>
public sealed record CampaignRun(string Name, RunDirectory Directory, HadesProblem Problem);
