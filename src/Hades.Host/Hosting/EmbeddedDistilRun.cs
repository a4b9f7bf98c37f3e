using Akka.Actor;
using Hades.Actors.DataFree;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Core.DataFree;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>A data-free distillation run in one process: the persistent <see cref="DistilRunActor"/> with the SQLite
/// journal in the run dir.</summary>
public static class EmbeddedDistilRun
{
    public const string PersistenceId = "distil";

    /// <returns>The outcome and, when the run finished, the final state.</returns>
    public static async Task<(RunOutcome Outcome, DistilState? State)> RunAsync(IDistilJob job, RunDirectory run, DistilRunSettings settings,
        Action<GenerationReported> onChunk, CancellationToken cancel)
    {
        JournalPreflight.Check(run.JournalFile);
        var system = ActorSystem.Create("hades", AkkaConfig.EmbeddedRun(run, JournalChoice.Embedded));
        try
        {
            var outcome = new TaskCompletionSource<RunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            RunListener.Subscribe(system, onChunk, outcome);
            var actor = system.ActorOf(DistilRunActor.Props(job, settings, run, PersistenceId), "distil");
            using var registration = cancel.Register(() => outcome.TrySetResult(new RunOutcome.Interrupted()));
            var result = await outcome.Task;
            if (result is not RunOutcome.Finished) return (result, null);
            return (result, await actor.Ask<DistilState>(GetDistilState.Instance, TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        }
    }
}
