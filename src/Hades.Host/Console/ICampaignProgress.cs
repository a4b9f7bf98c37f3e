using Hades.Actors.Messages;

namespace Hades.Host.Console;

/// <summary>Shows a campaign's progress: plain lines (<see cref="CampaignPrinter"/>) or a live display on a
/// terminal (<see cref="LiveCampaignProgress"/>).</summary>
public interface ICampaignProgress
{
    void OnExperimentStarted(ExperimentStarted started);
    void OnGeneration(GenerationReported report);
    void OnCounts(CampaignCounts counts);
    /// <summary>A trainer finished a campaign stage (PPO, distil, zero-shot, generalise) on node <c>done.Node</c>.</summary>
    void OnStageDone(StageDone done);

    /// <summary>Waits for <paramref name="run"/> while the progress is shown.</summary>
    Task<T> Show<T>(Func<Task<T>> run);
}

public static class CampaignProgressView
{
    /// <summary>Live on a terminal unless <paramref name="quiet"/>; otherwise today's lines (with --quiet one per experiment).</summary>
    public static ICampaignProgress Create(TextWriter output, bool quiet) =>
        !quiet && ReferenceEquals(output, System.Console.Out) && RunProgress.IsTerminal
            ? new LiveCampaignProgress(Spectre.Console.AnsiConsole.Console)
            : new CampaignPrinter(output, quiet);
}
