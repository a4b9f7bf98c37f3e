namespace Hades.Host.Hosting;

public abstract record CampaignOutcome
{
    public sealed record Finished(int Experiments) : CampaignOutcome;
    /// <param name="Experiment">The experiment that failed (marked failed beside its run dir), or null when the
    /// campaign itself failed.</param>
    public sealed record Failed(string Reason, string? Experiment = null) : CampaignOutcome;
    public sealed record Interrupted : CampaignOutcome;
}
