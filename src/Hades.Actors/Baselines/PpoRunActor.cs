using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Runs;
using Hades.Core.Training;

namespace Hades.Actors.Baselines;

/// <summary>
/// A PPO run as a persistent actor: each iteration (a pure function of config and state, see
/// <see cref="PpoTrainer.Iterate"/>) is journalled as one <see cref="PpoIterationCompleted"/> holding the whole
/// trainer state, older events are deleted, and a restarted actor continues from the latest one, exactly as if it
/// had not stopped. Progress goes to the event stream as <see cref="GenerationReported"/> (iteration = generation,
/// fitness = mean return of the episodes finished in that iteration, eval = greedy return every few iterations).
/// </summary>
public sealed class PpoRunActor : ReceivePersistentActor
{
    readonly PpoConfig config;
    readonly PpoTrainer trainer;
    readonly int iterations;
    readonly PpoRunSettings settings;
    readonly RunDirectory? runDirectory;
    PpoState state;
    GenerationRecord[] history = [];

    public override string PersistenceId { get; }

    public PpoRunActor(PpoConfig config, int iterations, PpoRunSettings settings, RunDirectory? runDirectory, string persistenceId)
    {
        this.config = config;
        this.iterations = iterations;
        this.settings = settings;
        this.runDirectory = runDirectory;
        PersistenceId = persistenceId;
        trainer = new PpoTrainer(config);
        state = trainer.Initial();

        Recover<PpoIterationCompleted>(e => { state = e.State; history = e.History; });
        Recover<RecoveryCompleted>(_ => Self.Tell(Next.Instance));
        Command<Next>(_ => Step());
        Command<GetPpoState>(_ => Sender.Tell(state));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
    }

    void Step()
    {
        if (state.Iteration >= iterations)
        {
            WriteOutputs();
            Context.System.EventStream.Publish(new RunFinished(PersistenceId, state.Iteration));
            return;
        }
        var clock = Stopwatch.StartNew();
        var (next, stats) = trainer.Iterate(state);
        double eval = history.Length > 0 ? history[^1].EvalReturn : double.NaN;
        if (next.Iteration % settings.EvalEvery == 0 || next.Iteration == iterations || history.Length == 0)
            eval = PpoPolicy.Evaluate(config, next, settings.EvalEpisodes, Core.Random.CounterRng.Key(config.Seed, 0x45564C, (ulong)next.Iteration), ActionSelection.Greedy);
        double trainingReturn = double.IsNaN(stats.MeanEpisodeReturn) ? (history.Length > 0 ? history[^1].MeanFitness : 0) : stats.MeanEpisodeReturn;
        var record = new GenerationRecord(next.Iteration - 1, trainingReturn, trainingReturn, eval, clock.Elapsed.TotalSeconds);
        Persist(new PpoIterationCompleted(next, [.. history, record]), e =>
        {
            state = e.State; history = e.History;
            if (LastSequenceNr > 1) DeleteMessages(LastSequenceNr - 1);
            WriteOutputs();
            Context.System.EventStream.Publish(new GenerationReported(PersistenceId, record, iterations, 0, 0));
            Self.Tell(Next.Instance);
        });
    }

    void WriteOutputs()
    {
        if (runDirectory is null) return;
        new RunMetricsWriter(runDirectory).Write(history);
        new RunPictures(runDirectory).WriteFitness($"{config.Task} PPO", history);
        var actor = PpoPolicy.ExportActor(config, state);
        new PolicyFiles(runDirectory).Write(config.Task, actor.Shape, actor.Flat(), state.Iteration, actor.ObservationOffset, actor.ObservationScale);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Context.System.EventStream.Publish(new RunFailed(PersistenceId, $"cannot write the journal ({cause.GetBaseException().Message})"));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.System.EventStream.Publish(new RunFailed(PersistenceId, $"the run's journal cannot be read ({reason.GetBaseException().Message})"));
        base.OnRecoveryFailure(reason, message);
    }

    public static Props Props(PpoConfig config, int iterations, PpoRunSettings settings, RunDirectory? runDirectory, string persistenceId) =>
        Akka.Actor.Props.Create(() => new PpoRunActor(config, iterations, settings, runDirectory, persistenceId))
            .WithDispatcher(EvaluatorActor.DispatcherId);

    sealed record Next
    {
        public static readonly Next Instance = new();
    }
}

/// <summary>Asks a <see cref="PpoRunActor"/> for its current <see cref="PpoState"/> (local only).</summary>
public sealed record GetPpoState
{
    public static readonly GetPpoState Instance = new();
}

/// <summary>How often a PPO run scores its greedy policy (for the eval column), and on how many episodes.</summary>
public sealed record PpoRunSettings(int EvalEvery = 10, int EvalEpisodes = 8);
