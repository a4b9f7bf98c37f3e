using Hades.Actors.DataFree;
using Hades.Actors.Messages;
using Hades.Core.DataFree;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>A data-free distillation run in one process: the persistent <see cref="DistilRunActor"/> with the SQLite
/// journal in the run dir.</summary>
public static class EmbeddedDistilRun
{
    public const string PersistenceId = "distil";

    /// <returns>The outcome and, when the run finished, the final state.</returns>
    public static Task<(RunOutcome Outcome, DistilState? State)> RunAsync(IDistilJob job, RunDirectory run, DistilRunSettings settings,
        Action<GenerationReported> onChunk, CancellationToken cancel) =>
        EmbeddedActorRun.RunAsync<DistilState>(run, DistilRunActor.Props(job, settings, run, PersistenceId), "distil",
            GetDistilState.Instance, onChunk, cancel, Path.Combine(run.Path, DistilRunFile.FileName), PersistenceId);
}
