namespace Hades.Host.Hosting;

/// <summary>How a run session ended.</summary>
public abstract record RunOutcome
{
    public sealed record Finished(int Generations) : RunOutcome;
    public sealed record Failed(string Reason) : RunOutcome;
    public sealed record Interrupted : RunOutcome;
}
