using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;
using Hades.Core.DataFree;
using Hades.Core.Runs;

namespace Hades.Actors.DataFree;

/// <summary>
/// A data-free distillation run as a persistent actor over an <see cref="IDistilJob"/>. Each chunk of
/// <see cref="DistilConfig.ChunkSteps"/> student steps (a pure function of config and state, see
/// <see cref="IDistilJob.Advance"/>) is journalled as one <see cref="DistilChunkCompleted"/> holding the whole job
/// state; older events are deleted, and a restarted actor continues from the latest one exactly as if it had not
/// stopped. Progress goes to the event stream as <see cref="GenerationReported"/> with one record per chunk:
/// Generation = chunk index, MeanFitness = teacher–student agreement on the chunk's generated inputs (in %),
/// MaxFitness = the chunk's mean student loss, EvalReturn = the latest score (test accuracy % or mean greedy
/// return) from <see cref="IDistilJob.Evaluate"/>, run every <see cref="DistilConfig.EvalEveryChunks"/> chunks,
/// on the first and on the last. metrics.csv, fitness.png and the job's own outputs are rewritten from the state.
/// </summary>
public sealed class DistilRunActor : ReceivePersistentActor
{
    readonly IDistilJob job;
    readonly DistilConfig config;
    readonly DistilRunSettings settings;
    readonly RunDirectory? runDirectory;
    byte[]? recovered;
    DistilState? state;
    GenerationRecord[] history = [];
    bool failed;

    public override string PersistenceId { get; }

    public DistilRunActor(IDistilJob job, DistilRunSettings settings, RunDirectory? runDirectory, string persistenceId)
    {
        this.job = job;
        config = job.Config;
        this.settings = settings;
        this.runDirectory = runDirectory;
        PersistenceId = persistenceId;

        Recover<DistilChunkCompleted>(e => { recovered = e.State; history = e.History; });
        Recover<RecoveryCompleted>(_ =>
        {
            if (!Guard(() => state = recovered is null ? job.Initial() : DistilState.FromBytes(recovered), "cannot restore the run")) return;
            recovered = null;
            Self.Tell(Next.Instance);
        });
        Command<Next>(_ => Step());
        Command<GetDistilState>(_ => Sender.Tell(state is null ? new Status.Failure(new InvalidOperationException("not recovered")) : state));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
    }

    int ChunksDone => (state!.Step + config.ChunkSteps - 1) / config.ChunkSteps;

    void Step()
    {
        if (failed) return;
        var current = state!;
        if (current.Step >= config.Steps)
        {
            if (Guard(WriteOutputs, "cannot write the outputs"))
                Context.System.EventStream.Publish(new RunFinished(PersistenceId, ChunksDone));
            return;
        }
        var clock = Stopwatch.StartNew();
        int steps = Math.Min(config.ChunkSteps, config.Steps - current.Step);
        DistilChunk? chunk = null;
        double eval = history.Length > 0 ? history[^1].EvalReturn : double.NaN;
        int index = history.Length;
        bool last = current.Step + steps >= config.Steps;
        if (!Guard(() =>
            {
                chunk = job.Advance(current, steps);
                if ((index + 1) % config.EvalEveryChunks == 0 || last || index == 0)
                    eval = job.Evaluate(chunk.Next, settings.EvalEpisodes).Value;
            }, "distillation failed")) return;
        var record = new GenerationRecord(index, 100 * chunk!.Agreement, chunk.StudentLoss, eval, clock.Elapsed.TotalSeconds);
        bool scored = (index + 1) % config.EvalEveryChunks == 0 || last || index == 0;
        Persist(new DistilChunkCompleted(chunk.Next.ToBytes(), [.. history, record]), e =>
        {
            state = chunk.Next; history = e.History;
            if (LastSequenceNr > 1) DeleteMessages(LastSequenceNr - 1);
            if (!Guard(() => WriteMetrics(jobOutputs: scored), "cannot write the outputs")) return;
            Context.System.EventStream.Publish(new GenerationReported(PersistenceId, record, config.Chunks, 0, 0));
            Self.Tell(Next.Instance);
        });
    }

    /// <summary>Runs <paramref name="work"/>; on an exception publishes <see cref="RunFailed"/> with one line and stops the run.</summary>
    bool Guard(Action work, string what)
    {
        try
        {
            work();
            return true;
        }
        catch (Exception e)
        {
            failed = true;
            string reason = e is Core.HadesUserException ? e.Message : $"{what} ({e.GetBaseException().Message})";
            Context.System.EventStream.Publish(new RunFailed(PersistenceId, reason.Split('\n')[0]));
            return false;
        }
    }

    void WriteOutputs() => WriteMetrics(jobOutputs: true);

    void WriteMetrics(bool jobOutputs)
    {
        if (runDirectory is null) return;
        new RunMetricsWriter(runDirectory).Write(history);
        new RunPictures(runDirectory).WriteFitness($"{config.Task} {DistilRunFile.MethodLabel(config)} (agreement %, student loss, score)", history);
        if (jobOutputs) job.WriteOutputs(state!, runDirectory.Path);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        failed = true;
        Context.System.EventStream.Publish(new RunFailed(PersistenceId, $"cannot write the journal ({cause.GetBaseException().Message.Split('\n')[0]})"));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        failed = true;
        Context.System.EventStream.Publish(new RunFailed(PersistenceId, $"the run's journal cannot be read ({reason.GetBaseException().Message.Split('\n')[0]})"));
        base.OnRecoveryFailure(reason, message);
    }

    public static Props Props(IDistilJob job, DistilRunSettings settings, RunDirectory? runDirectory, string persistenceId) =>
        Akka.Actor.Props.Create(() => new DistilRunActor(job, settings, runDirectory, persistenceId))
            .WithDispatcher(EvaluatorActor.DispatcherId);

    sealed record Next
    {
        public static readonly Next Instance = new();
    }
}

/// <summary>Asks a <see cref="DistilRunActor"/> for its current <see cref="DistilState"/> (local only).</summary>
public sealed record GetDistilState
{
    public static readonly GetDistilState Instance = new();
}

/// <summary>How many test images / greedy episodes the per-chunk score uses (the final score uses
/// <see cref="DistilConfig.FinalEvalEpisodes"/>).</summary>
public sealed record DistilRunSettings(int EvalEpisodes = 10)
{
    /// <summary>1000 test images for image tasks, 10 greedy episodes for policies.</summary>
    public static DistilRunSettings For(DistilConfig config) => new(DistilJobs.IsImageTask(config.Task) ? 1000 : 10);
}
