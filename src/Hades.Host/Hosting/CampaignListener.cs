using Akka.Actor;
using Hades.Actors.Messages;
using Hades.Core.Runs;
using Hades.Host.Console;

namespace Hades.Host.Hosting;

/// <summary>Passes a campaign's progress to its view, keeps its experiments' failure marks
/// (<see cref="ExperimentFailure"/>: written when an experiment fails, removed when it starts again) and completes when
/// the campaign finishes or fails.</summary>
public sealed class CampaignListener : ReceiveActor
{
    public CampaignListener(ICampaignProgress progress, TaskCompletionSource<CampaignOutcome> outcome, CampaignDirectory folder)
    {
        Receive<ExperimentStarted>(started =>
        {
            Mark(() => ExperimentFailure.Clear(folder.Run(started.Name).Path));
            progress.OnExperimentStarted(started);
        });
        Receive<GenerationReported>(progress.OnGeneration);
        Receive<CampaignCounts>(progress.OnCounts);
        Receive<StageDone>(progress.OnStageDone);
        Receive<JournalUnavailable>(u => ConsoleWarnings.Write($"hades: warning: {u.Reason}; the run pauses and retries"));
        Receive<EvaluatorsSilent>(w => ConsoleWarnings.Write($"hades: warning: {w.Describe()}"));
        Receive<CampaignFinished>(f => outcome.TrySetResult(new CampaignOutcome.Finished(f.Experiments)));
        Receive<CampaignFailed>(f =>
        {
            // marked before the outcome completes, so the mark is there when `hades campaign` exits
            if (f.Experiment is { } experiment) Mark(() => ExperimentFailure.Write(folder.Run(experiment).Path, f.Error ?? f.Reason));
            outcome.TrySetResult(new CampaignOutcome.Failed(f.Reason, f.Experiment));
        });
    }

    /// <summary>A mark that cannot be written or removed costs a warning, never the campaign's outcome.</summary>
    static void Mark(Action change)
    {
        try { change(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            System.Console.Error.WriteLine($"hades: warning: cannot update an experiment's failure mark ({e.Message})");
        }
    }

    public static void Subscribe(ActorSystem system, ICampaignProgress progress, TaskCompletionSource<CampaignOutcome> outcome, CampaignDirectory folder)
    {
        var listener = system.ActorOf(Props.Create(() => new CampaignListener(progress, outcome, folder)), "campaign-listener");
        foreach (var type in new[] { typeof(ExperimentStarted), typeof(StageDone), typeof(GenerationReported), typeof(CampaignCounts), typeof(JournalUnavailable), typeof(EvaluatorsSilent), typeof(CampaignFinished), typeof(CampaignFailed) })
            system.EventStream.Subscribe(listener, type);
    }
}
