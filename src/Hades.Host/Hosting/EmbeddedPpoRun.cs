using Hades.Actors.Baselines;
using Hades.Actors.Messages;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>A PPO run in one process: the persistent PPO actor with the SQLite journal in the run dir.</summary>
public static class EmbeddedPpoRun
{
    public const string PersistenceId = "ppo";

    /// <returns>The outcome and, when the run finished, the trained state.</returns>
    public static Task<(RunOutcome Outcome, PpoState? State)> RunAsync(PpoRunFile file, RunDirectory run, PpoRunSettings settings,
        Action<GenerationReported> onIteration, CancellationToken cancel) =>
        EmbeddedActorRun.RunAsync<PpoState>(run, PpoRunActor.Props(file.Ppo, file.Iterations, settings, run, PersistenceId), "ppo",
            GetPpoState.Instance, onIteration, cancel, Path.Combine(run.Path, PpoRunFile.FileName), PersistenceId);
}
