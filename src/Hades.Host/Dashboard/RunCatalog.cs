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
    double? EvalReturn, double? BestEvalReturn, string Status, DateTime UpdatedUtc, string? DatasetVersion)
{
    /// <summary>The error of a run or campaign experiment that failed (its <see cref="Core.Runs.ExperimentFailure"/> mark;
    /// <see cref="Status"/> then reads failed), else null.</summary>
    public string? Error { get; init; }
}

/// <summary>A campaign folder: its experiments' runs in plan order; <paramref name="Experiments"/> counts every planned
/// experiment (of any kind), <paramref name="Finished"/> those done.</summary>
public sealed record CampaignEntry(string Id, string Name, string Path, string Status, int Experiments, int Finished,
    IReadOnlyList<string> RunIds)
{
    /// <summary>Every planned experiment with its status, in plan order (the campaign page's; not in the run list).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<CampaignExperimentEntry> Planned { get; init; } = [];
}

/// <summary>One planned experiment of a campaign and where it stands (<see cref="ExperimentStatus"/>); its run's id
/// when its folder holds a run (HaDES, PPO and distil experiments once created); the error it failed with, if it did.</summary>
public sealed record CampaignExperimentEntry(string Name, string Kind, string Stage, IReadOnlyList<string> Needs,
    string SeedGroup, string Status, string? RunId, string? Error = null);

/// <summary>The statuses of a campaign's experiments: queued (not begun), running, done, failed (this process saw it
/// fail, or its campaign marked it failed: <see cref="Core.Runs.ExperimentFailure"/>) and stopped (begun, not
/// finished, not failed, and nothing has changed for a while: its campaign was interrupted).</summary>
public static class ExperimentStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Stopped = "stopped";

    public static readonly IReadOnlyList<string> All = [Queued, Running, Done, Failed, Stopped];

    /// <summary>The experiment status of a run's status (<see cref="RunStatus"/>).</summary>
    public static string OfRun(string runStatus) => runStatus switch
    {
        RunStatus.Finished => Done,
        RunStatus.Running => Running,
        RunStatus.Failed => Failed,
        RunStatus.Stopped => Stopped,
        _ => Queued,
    };
}

/// <summary>Everything below the dashboard's roots at one moment.</summary>
public sealed record RunCatalog(IReadOnlyList<RunEntry> Runs, IReadOnlyList<CampaignEntry> Campaigns)
{
    public RunEntry? Run(string id) => Runs.FirstOrDefault(r => r.Id == id);

    public RunEntry? RunAt(string path) => Runs.FirstOrDefault(r => r.Path == path);

    public CampaignEntry? Campaign(string id) => Campaigns.FirstOrDefault(c => c.Id == id);
}
