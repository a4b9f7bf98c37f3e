namespace Hades.Host.Hosting;

public abstract record CampaignOutcome
{
    public sealed record Finished(int Experiments) : CampaignOutcome;
    public sealed record Failed(string Reason) : CampaignOutcome;
    public sealed record Interrupted : CampaignOutcome;
}
