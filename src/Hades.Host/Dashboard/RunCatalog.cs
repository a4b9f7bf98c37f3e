namespace Hades.Host.Dashboard;

/// <summary>One run folder as the dashboard lists it. Fitness figures are null before the first generation.</summary>
/// <param name="Id">URL-safe name: the folder's path below its root, '/' written as '~'.</param>
/// <param name="Name">The folder's path below its root (a campaign's runs read campaign/experiment).</param>
/// <param name="Method">HaDES-R, HaDES-F or direct ES (<c>HadesConfig.MethodLabel</c>), PPO, or a distillation
/// method's label (<c>DistilRunFile.MethodLabel</c>); generations count PPO iterations and distillation chunks.</param>
/// <param name="BestFitness">Highest max_fitness of any generation so far.</param>
/// <param name="DatasetVersion">Changes whenever dataset.png is rewritten (cache-busting); null without a picture.</param>
public sealed record RunEntry(
    string Id, string Name, string Path, string? Campaign, string Task, string Method, string Mode, ulong Seed,
    int Generations, int TotalGenerations, double? BestFitness, double? MeanFitness, double? MaxFitness,
    double? EvalReturn, double? BestEvalReturn, string Status, DateTime UpdatedUtc, string? DatasetVersion);

/// <summary>A campaign folder: its experiments' runs in plan order.</summary>
public sealed record CampaignEntry(string Id, string Name, string Path, string Status, int Experiments, int Finished,
    IReadOnlyList<string> RunIds);

/// <summary>Everything below the dashboard's roots at one moment.</summary>
public sealed record RunCatalog(IReadOnlyList<RunEntry> Runs, IReadOnlyList<CampaignEntry> Campaigns)
{
    public RunEntry? Run(string id) => Runs.FirstOrDefault(r => r.Id == id);

    public RunEntry? RunAt(string path) => Runs.FirstOrDefault(r => r.Path == path);
}
