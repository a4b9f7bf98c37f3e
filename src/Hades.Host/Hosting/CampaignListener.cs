using Akka.Actor;
using Hades.Actors.Messages;
using Hades.Host.Console;

namespace Hades.Host.Hosting;

/// <summary>Passes a campaign's progress to its view and completes when the campaign finishes or fails.</summary>
public sealed class CampaignListener : ReceiveActor
{
    public CampaignListener(ICampaignProgress progress, TaskCompletionSource<CampaignOutcome> outcome)
    {
        Receive<ExperimentStarted>(progress.OnExperimentStarted);
        Receive<GenerationReported>(progress.OnGeneration);
        Receive<CampaignCounts>(progress.OnCounts);
        Receive<StageDone>(progress.OnStageDone);
        Receive<JournalUnavailable>(u => System.Console.Error.WriteLine($"hades: warning: {u.Reason}; the run pauses and retries"));
        Receive<CampaignFinished>(f => outcome.TrySetResult(new CampaignOutcome.Finished(f.Experiments)));
        Receive<CampaignFailed>(f => outcome.TrySetResult(new CampaignOutcome.Failed(f.Reason)));
    }

    public static void Subscribe(ActorSystem system, ICampaignProgress progress, TaskCompletionSource<CampaignOutcome> outcome)
    {
        var listener = system.ActorOf(Props.Create(() => new CampaignListener(progress, outcome)), "campaign-listener");
        foreach (var type in new[] { typeof(ExperimentStarted), typeof(StageDone), typeof(GenerationReported), typeof(CampaignCounts), typeof(JournalUnavailable), typeof(CampaignFinished), typeof(CampaignFailed) })
            system.EventStream.Subscribe(listener, type);
    }
}
