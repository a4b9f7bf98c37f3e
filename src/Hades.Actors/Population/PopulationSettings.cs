namespace Hades.Actors.Population;

/// <summary>How the population drives its evaluators.</summary>
/// <param name="AskTimeout">Longest wait for one work item before it is re-issued.</param>
/// <param name="MaxAttempts">Failed pipeline runs tolerated per generation before the run is declared failed.</param>
public sealed record PopulationSettings(TimeSpan AskTimeout, int MaxAttempts = 3)
{
    public static readonly PopulationSettings Default = new(TimeSpan.FromMinutes(10));
}
