using Akka.Actor;
using Akka.Hosting;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Actors.Population;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>
/// One process holding every role: an ActorSystem (an <see cref="AkkaNode"/>) with the persistent population and an evaluator, journal
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
        var outcome = new TaskCompletionSource<RunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var node = AkkaNode.Start(overrides is null ? config : overrides.WithFallback(config), null, (system, registry) =>
        {
            RunListener.Subscribe(system, onGeneration, outcome);
            var evaluator = system.ActorOf(EvaluatorActor.Props(), EvaluatorActor.Name);
            registry.Register<ActorKeys.Evaluators>(evaluator);
            var settings = PopulationSettings.Default with { RetryJournalFailures = journal.RetriesFailures };
            registry.Register<ActorKeys.Population>(
                system.ActorOf(PopulationActor.SupervisedProps(problem, evaluator, run, settings, run.PersistenceId), "population"));
        });
        using var registration = cancel.Register(() => outcome.TrySetResult(new RunOutcome.Interrupted()));
        return await outcome.Task;
    }
}
