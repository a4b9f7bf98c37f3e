namespace Hades.Actors.Persistence;

/// <summary>Journal event: the campaign's experiments, fixed when it first starts (names, configs, run ids).</summary>
public sealed record CampaignPlanned(string[] Names, string[] ConfigJsons, string[] RunIds) : IHadesPersisted;

/// <summary>Journal event: experiment <paramref name="Index"/> ran to its end.</summary>
public sealed record ExperimentFinished(int Index) : IHadesPersisted;
