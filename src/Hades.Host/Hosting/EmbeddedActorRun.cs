using Akka.Actor;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>
/// The lifecycle shared by the one-process runs of a single persistent actor (PPO, data-free distillation): check the
/// journal and its binding to the settings file, start a node (<see cref="AkkaNode"/>) with the SQLite journal in the run dir, start the actor, wait for
/// RunFinished/RunFailed or cancellation, ask the actor for its final state, and always terminate the system.
/// </summary>
public static class EmbeddedActorRun
{
    /// <returns>The outcome and, when the run finished, the actor's answer to <paramref name="getState"/>.</returns>
    /// <param name="settingsFile">ppo.json or distil.json: bound to the journal (see <see cref="RunGuard"/>).</param>
    /// <param name="persistenceId">The actor's persistence id.</param>
    public static async Task<(RunOutcome Outcome, TState? State)> RunAsync<TState>(RunDirectory run, Props props, string actorName,
        object getState, Action<GenerationReported> onProgress, CancellationToken cancel, string settingsFile, string persistenceId) where TState : class
    {
        JournalPreflight.Check(run.JournalFile);
        RunGuard.ForActorRun(run, settingsFile, persistenceId).Record();
        var outcome = new TaskCompletionSource<RunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        IActorRef? actor = null;
        await using var node = AkkaNode.Start(AkkaConfig.EmbeddedRun(run, JournalChoice.Embedded), null, (system, _) =>
        {
            RunListener.Subscribe(system, onProgress, outcome);
            actor = system.ActorOf(props, actorName);
        });
        using var registration = cancel.Register(() => outcome.TrySetResult(new RunOutcome.Interrupted()));
        var result = await outcome.Task;
        if (result is not RunOutcome.Finished) return (result, null);
        return (result, await actor!.Ask<TState>(getState, TimeSpan.FromSeconds(30)));
    }
}
