using Akka.Actor;
using Hades.Actors.Baselines;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>A PPO run in one process: the persistent PPO actor with the SQLite journal in the run dir.</summary>
public static class EmbeddedPpoRun
{
    const string PersistenceId = "ppo";

    /// <returns>The outcome and, when the run finished, the trained state.</returns>
    public static async Task<(RunOutcome Outcome, PpoState? State)> RunAsync(PpoRunFile file, RunDirectory run, PpoRunSettings settings,
        Action<GenerationReported> onIteration, CancellationToken cancel)
    {
        JournalPreflight.Check(run.JournalFile);
        var system = ActorSystem.Create("hades", AkkaConfig.EmbeddedRun(run, JournalChoice.Embedded));
        try
        {
            var outcome = new TaskCompletionSource<RunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            RunListener.Subscribe(system, onIteration, outcome);
            var actor = system.ActorOf(PpoRunActor.Props(file.Ppo, file.Iterations, settings, run, PersistenceId), "ppo");
            using var registration = cancel.Register(() => outcome.TrySetResult(new RunOutcome.Interrupted()));
            var result = await outcome.Task;
            if (result is not RunOutcome.Finished) return (result, null);
            return (result, await actor.Ask<PpoState>(GetPpoState.Instance, TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        }
    }
}
