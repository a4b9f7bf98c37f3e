using Akka.Actor;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Actors.Population;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>
/// One process holding every role: an ActorSystem with the persistent population and an evaluator, journal
/// in the run dir. Returns when the run finishes, fails, or <paramref name="cancel"/> fires. <c>overrides</c>
/// (benchmarks only) takes precedence over the shipped config, e.g. to swap in the in-memory journal.
/// </summary>
public static class EmbeddedRun
{
    public static async Task<RunOutcome> RunAsync(HadesProblem problem, RunDirectory run,
        Action<GenerationReported> onGeneration, CancellationToken cancel, JournalChoice? journal = null,
        Akka.Configuration.Config? overrides = null)
    {
        journal ??= JournalChoice.Embedded;
        if (journal.Kind == JournalChoice.Sqlite) JournalPreflight.Check(run.JournalFile);
        var config = AkkaConfig.EmbeddedRun(run, journal);
        var system = ActorSystem.Create("hades", overrides is null ? config : overrides.WithFallback(config));
        try
        {
            var outcome = new TaskCompletionSource<RunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            RunListener.Subscribe(system, onGeneration, outcome);
            var evaluator = system.ActorOf(EvaluatorActor.Props(), EvaluatorActor.Name);
            var settings = PopulationSettings.Default with { RetryJournalFailures = journal.RetriesFailures };
            system.ActorOf(PopulationActor.SupervisedProps(problem, evaluator, run, settings, run.PersistenceId), "population");
            using var registration = cancel.Register(() => outcome.TrySetResult(new RunOutcome.Interrupted()));
            return await outcome.Task;
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        }
    }
}
