namespace Hades.Actors.Messages;

/// <summary>Published when a campaign starts an experiment (index of count). <paramref name="RunId"/> is the id its
/// run publishes <see cref="GenerationReported"/> under (a HaDES run's persistence id); empty for stages whose
/// generations are not reported in this process.</summary>
public sealed record ExperimentStarted(string Campaign, int Index, int Count, string Name, string RunId);

/// <summary>Published when every experiment of the campaign has finished.</summary>
public sealed record CampaignFinished(string Campaign, int Experiments);

/// <summary>Published when the campaign cannot go on; its journal keeps what was done. When an experiment failed,
/// <paramref name="Experiment"/> names it and <paramref name="Error"/> is its error alone (<paramref name="Reason"/>
/// is "experiment: error"); both are null for a failure of the campaign itself (its file changed, its journal).</summary>
public sealed record CampaignFailed(string Campaign, string Reason, string? Experiment = null, string? Error = null);

/// <summary>Published when a trainer finished a stage of the campaign; <paramref name="Node"/> is the trainer's node.</summary>
public sealed record StageDone(string Campaign, int Index, string Name, string Node);

/// <summary>Published whenever the campaign starts or finishes an experiment (and at its start): how many are done,
/// running and still queued, for progress views.</summary>
public sealed record CampaignCounts(string Campaign, int Done, int Running, int Queued);
