using Akka.Actor;
using Hades.Actors.Messages;

namespace Hades.Host.Hosting;

/// <summary>Prints a campaign's progress and completes when it finishes or fails.</summary>
public sealed class CampaignListener : ReceiveActor
{
    public CampaignListener(TextWriter output, bool quiet, TaskCompletionSource<CampaignOutcome> outcome)
    {
        string current = "";
        Receive<ExperimentStarted>(e =>
        {
            current = e.Name;
            output.WriteLine($"experiment {e.Index + 1}/{e.Count}: {e.Name}");
        });
        Receive<GenerationReported>(r =>
        {
            if (quiet) return;
            output.WriteLine(System.FormattableString.Invariant(
                $"  {current} gen {r.Record.Generation + 1}/{r.TotalGenerations}  fitness mean {r.Record.MeanFitness:0.0} max {r.Record.MaxFitness:0.0}  eval {r.Record.EvalReturn:0.0}  {r.Record.Seconds:0.00}s"));
        });
        Receive<StageDone>(d => { if (!quiet) output.WriteLine($"  {d.Name} done on {d.Node}"); });
        Receive<JournalUnavailable>(u => System.Console.Error.WriteLine($"hades: warning: {u.Reason}; the run pauses and retries"));
        Receive<CampaignFinished>(f => outcome.TrySetResult(new CampaignOutcome.Finished(f.Experiments)));
        Receive<CampaignFailed>(f => outcome.TrySetResult(new CampaignOutcome.Failed(f.Reason)));
    }

    public static void Subscribe(ActorSystem system, TextWriter output, bool quiet, TaskCompletionSource<CampaignOutcome> outcome)
    {
        var listener = system.ActorOf(Props.Create(() => new CampaignListener(output, quiet, outcome)), "campaign-listener");
        foreach (var type in new[] { typeof(ExperimentStarted), typeof(StageDone), typeof(GenerationReported), typeof(JournalUnavailable), typeof(CampaignFinished), typeof(CampaignFailed) })
            system.EventStream.Subscribe(listener, type);
    }
}
