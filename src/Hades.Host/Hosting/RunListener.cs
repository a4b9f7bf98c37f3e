using Akka.Actor;
using Hades.Actors.Messages;
using Hades.Host.Console;

namespace Hades.Host.Hosting;

/// <summary>Relays the population's event-stream messages to the console and completes the session when the run ends.</summary>
public sealed class RunListener : ReceiveActor
{
    public RunListener(Action<GenerationReported> onGeneration, TaskCompletionSource<RunOutcome> outcome)
    {
        Receive<GenerationReported>(onGeneration);
        Receive<RunFinished>(f => outcome.TrySetResult(new RunOutcome.Finished(f.Generations)));
        Receive<RunFailed>(f => outcome.TrySetResult(new RunOutcome.Failed(f.Reason)));
        Receive<JournalUnavailable>(u => ConsoleWarnings.Write($"hades: warning: {u.Reason}; the run pauses and retries"));
        Receive<EvaluatorsSilent>(w => ConsoleWarnings.Write($"hades: warning: {w.Describe()}"));
    }

    public static void Subscribe(ActorSystem system, Action<GenerationReported> onGeneration, TaskCompletionSource<RunOutcome> outcome)
    {
        var listener = system.ActorOf(Props.Create(() => new RunListener(onGeneration, outcome)), "run-listener");
        system.EventStream.Subscribe(listener, typeof(GenerationReported));
        system.EventStream.Subscribe(listener, typeof(RunFinished));
        system.EventStream.Subscribe(listener, typeof(RunFailed));
        system.EventStream.Subscribe(listener, typeof(JournalUnavailable));
        system.EventStream.Subscribe(listener, typeof(EvaluatorsSilent));
    }
}
