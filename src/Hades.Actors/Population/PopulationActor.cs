using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Streams;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Actors.Telemetry;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;

namespace Hades.Actors.Population;

/// <summary>
/// Owns one run's ES state. Each generation it hands work to the evaluators, collects a complete fitness
/// vector (dropping stale and duplicate results), journals one <see cref="GenerationCompleted"/> event, applies
/// it, snapshots every N generations and rewrites the run's outputs. On restart it replays the journal to the
/// exact same state and carries on; a killed run therefore loses at most the generation in flight.
/// Work goes out in one of two ways: to a single local evaluator through <see cref="WorkPipeline"/> (the
/// embedded run), or, behind a cluster router, by work pulling: the population offers work
/// (<see cref="WorkAvailable"/>, broadcast), evaluators ask for it (<see cref="RequestWork"/>) and tell their
/// results back here; a <see cref="WorkLedger{TEvaluator,TWork}"/> keeps who holds what.
/// </summary>
public sealed class PopulationActor : ReceivePersistentActor, IWithTimers
{
    static readonly TimeSpan PullTickInterval = TimeSpan.FromMilliseconds(20);
    const int TicksPerOffer = 50; // re-offer work about once a second (evaluators that joined, lost requests)

    readonly HadesProblem problem;
    readonly RunSpec run;
    readonly IActorRef evaluators;
    readonly RunDirectory? runDirectory;
    readonly LiveRunOutputs? outputs;
    readonly PopulationSettings settings;
    readonly IMaterializer materializer;
    readonly ILoggingAdapter log = Context.GetLogger();

    RunState state;
    GenerationAccumulator? pending;
    readonly WorkLedger<IActorRef, IEvaluationWork>? ledger;
    readonly Stopwatch clock = Stopwatch.StartNew();
    int ticks;
    readonly Stopwatch generationClock = new();
    readonly TimeSpan silenceLimit;
    int evaluatorErrors, staleDropped, duplicatesDropped, reissuedReported, speculativeReported, silenceReported;
    bool finished, waitingForEvaluators, outputsFailed, evaluatorsReached;

    public override string PersistenceId { get; }
    public ITimerScheduler Timers { get; set; } = null!;

    public PopulationActor(HadesProblem problem, IActorRef evaluators, RunDirectory? runDirectory,
        PopulationSettings settings, string persistenceId)
    {
        this.problem = problem;
        run = new RunSpec(persistenceId, problem.Config.ToJson());
        this.evaluators = evaluators;
        this.runDirectory = runDirectory;
        this.settings = settings;
        if (runDirectory != null) outputs = new LiveRunOutputs(problem, runDirectory, settings.PicturesEvery ?? LiveRunOutputs.DefaultPicturesEvery);
        PersistenceId = persistenceId;
        state = RunState.Initial(problem);
        materializer = Context.Materializer();
        if (settings.EvaluatorsAreRouter) ledger = new WorkLedger<IActorRef, IEvaluationWork>(settings.AskTimeout);
        silenceLimit = settings.SilenceLimitIn(Context.System.Settings.Config);

        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = (PopulationSnapshot)offer.Snapshot;
            state = new RunState(snapshot.Es, snapshot.History) { Best = snapshot.Best };
        });
        Recover<GenerationCompleted>(Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            WriteOutputs(all: true);
            Self.Tell(StartNextGeneration.Instance);
        });

        Command<StartNextGeneration>(_ => StartGeneration());
        Command<CandidatesEvaluated>(OnCandidates);
        Command<MeanEvaluated>(OnMean);
        Command<EvaluationFailed>(OnFailed);
        Command<WorkPipelineEnded>(OnPipelineEnded);
        Command<EvaluatorsCounted>(OnEvaluatorsCounted);
        Command<RetryIssue>(m => { if (pending?.Generation == m.Generation) IssueWork(); });
        Command<RequestWork>(OnRequestWork);
        Command<WorkDeclined>(d => { if (ledger != null && !Sender.IsNobody()) Send(ledger.Declined(new UnitId(d.Generation, d.Indices.Length == 0 ? UnitId.MeanKey : d.Indices[0]), Sender, Now)); });
        Command<PullTick>(_ => OnPullTick());
        Command<Terminated>(t => { if (ledger != null) Send(ledger.Lost(t.ActorRef, Now)); });
        Command<GetPopulationStatus>(_ =>
            Sender.Tell(new PopulationStatus(state.Generation, finished, staleDropped, duplicatesDropped, state.Es.Mean)));
        Command<SaveSnapshotSuccess>(_ => { });   // events are kept: they are the run's full history
        Command<SaveSnapshotFailure>(f => log.Warning("snapshot failed: {0}", f.Cause.Message));
    }

    void Apply(GenerationCompleted e) =>
        state = state.Apply(problem.Strategy, e.Generation, e.Fitness, e.EvalReturn, e.Seconds, e.EnvSteps);

    void StartGeneration()
    {
        if (outputsFailed) return;
        if (state.IsFinished(problem.Config))
        {
            Timers.Cancel(PullTick.Instance);
            if (!finished)
            {
                finished = true;
                Context.System.EventStream.Publish(new RunFinished(PersistenceId, state.Generation));
            }
            return;
        }
        pending = new GenerationAccumulator(state.Generation, problem.Config.PopulationSize, problem.Config.EvaluatesMeanAt(state.Generation));
        evaluatorErrors = 0;
        generationClock.Restart();
        IssueWork();
    }

    /// <summary>Streams every piece of the pending generation that has no result yet. Behind a router, the
    /// in-flight bound is per evaluator, so the routees are counted first.</summary>
    void IssueWork()
    {
        int generation = pending!.Generation, perEvaluator = problem.Config.MaxBatchesInFlight;
        if (!settings.EvaluatorsAreRouter) { RunPipeline(perEvaluator); return; }
        evaluators.Ask<Akka.Routing.Routees>(new Akka.Routing.GetRoutees(), TimeSpan.FromSeconds(10))
            .PipeTo(Self,
                success: r => new EvaluatorsCounted(generation, r.Members.Count()),
                failure: _ => new EvaluatorsCounted(generation, 0));
    }

    /// <summary>No evaluator yet (or none left): wait for one to join instead of sending work into the void. The
    /// first generation also waits for <see cref="PopulationSettings.MinEvaluators"/>; once that many have been
    /// seen, losing some of them does not stop the run.</summary>
    void OnEvaluatorsCounted(EvaluatorsCounted counted)
    {
        if (pending?.Generation != counted.Generation) return;
        if (counted.Evaluators >= (evaluatorsReached ? 1 : Math.Max(1, settings.MinEvaluators)))
        {
            evaluatorsReached = true;
            if (ledger != null) OfferWork(counted.Evaluators);
            else RunPipeline(problem.Config.MaxBatchesInFlight * counted.Evaluators);
            return;
        }
        if (!waitingForEvaluators) log.Warning("generation {0}: waiting for evaluators to join", counted.Generation);
        waitingForEvaluators = true;
        Context.System.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(500), Self, new RetryIssue(counted.Generation), Self);
    }

    void RunPipeline(int parallelism)
    {
        waitingForEvaluators = false;
        var generation = pending!;
        var mean = FloatBytes.From(state.Es.Mean);
        var sigma = FloatBytes.From(state.Es.Sigma);
        var work = new List<IEvaluationWork>();
        if (!generation.EvalReturn.HasValue) work.Add(new EvaluateMean(run, generation.Generation, mean));
        foreach (var batch in WorkPlan.Batches(generation.Missing(), problem.Config.BatchSize))
            work.Add(new EvaluateCandidates(run, generation.Generation, batch, mean, sigma));
        WorkPipeline.Run(work, evaluators, Self, generation.Generation, parallelism, settings.AskTimeout, materializer);
    }

    /// <summary>Work pulling: the generation's missing work becomes units sized for the evaluators there are;
    /// evaluators that asked before get theirs at once, the others are offered work (and again every second).</summary>
    void OfferWork(int nodes)
    {
        waitingForEvaluators = false;
        var generation = pending!;
        ledger!.ForgetBefore(generation.Generation);
        var mean = FloatBytes.From(state.Es.Mean);
        var sigma = FloatBytes.From(state.Es.Sigma);
        if (!generation.EvalReturn.HasValue)
            ledger.Add(new UnitId(generation.Generation, UnitId.MeanKey), new EvaluateMean(run, generation.Generation, mean));
        int size = UnitSizing.CandidatesPerUnit(problem.Config.PopulationSize, Math.Max(nodes, ledger.Evaluators), problem.Config.BatchSize);
        foreach (var batch in WorkPlan.Batches(generation.Missing(), size))
            ledger.Add(new UnitId(generation.Generation, batch[0]), new EvaluateCandidates(run, generation.Generation, batch, mean, sigma));
        Send(ledger.Tick(Now));
        evaluators.Tell(new Akka.Routing.Broadcast(WorkAvailable.Instance), Self);
        Timers.StartPeriodicTimer(PullTick.Instance, PullTick.Instance, PullTickInterval);
    }

    void OnRequestWork(RequestWork request)
    {
        if (ledger is null) return;
        Context.Watch(Sender);
        Send(ledger.Request(Sender, Math.Min(request.Capacity, problem.Config.MaxBatchesInFlight), Now));
    }

    void OnPullTick()
    {
        if (ledger is null || pending is null) return;
        Send(ledger.Tick(Now));
        WatchSilence();
        if (++ticks % TicksPerOffer == 0) evaluators.Tell(new Akka.Routing.Broadcast(WorkAvailable.Instance), Self);
    }

    /// <summary>Every evaluator that holds or could take the generation's units says nothing (<see cref="WorkLedger{TEvaluator,TWork}.Silence"/>):
    /// once per ask timeout of that silence it is logged and published (<see cref="EvaluatorsSilent"/>), and past the
    /// silence limit the generation fails naming them (silent timeouts spend no attempts, so without this a cluster
    /// whose every evaluator hangs would wait for ever). The journal keeps every finished generation.</summary>
    void WatchSilence()
    {
        if (pending is null || ledger!.Silence(Now) is not { } silence)
        {
            silenceReported = 0;
            return;
        }
        // the names only where a line is written (this runs every pull tick while work is open)
        List<string> Names() => silence.Evaluators.Select(e => e.Path.ToString()).ToList();
        if (silence.Duration > silenceLimit)
        {
            Context.System.EventStream.Publish(new RunFailed(PersistenceId, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"generation {pending.Generation}: no evaluator has answered for {silence.Duration.TotalSeconds:0} s (the limit is {silenceLimit.TotalSeconds:0} s, --silence-limit); silent: {string.Join(", ", Names())}")));
            pending = null;
            Timers.Cancel(PullTick.Instance);
            return;
        }
        int reports = (int)(silence.Duration / settings.AskTimeout);
        if (reports <= silenceReported) { silenceReported = reports; return; }
        silenceReported = reports;
        var names = Names();
        var waiting = new EvaluatorsSilent(PersistenceId, pending.Generation, silence.Duration, silenceLimit, names);
        log.Warning("{0}: {1}", waiting.Describe(), string.Join(", ", names));
        Context.System.EventStream.Publish(waiting);
    }

    TimeSpan Now => clock.Elapsed;

    void Send(List<Assignment<IActorRef, IEvaluationWork>> assignments)
    {
        foreach (var a in assignments)
        {
            if (a.Speculative) log.Info("generation {0}: unit {1} runs long; a speculative copy goes to {2}", a.Unit.Generation, a.Unit.Key, a.Evaluator.Path);
            a.Evaluator.Tell(a.Work, Self);
        }
        ReportWork();
        if (ledger?.Exhausted is { } lost && pending?.Generation == lost.Generation)
        {
            Context.System.EventStream.Publish(new RunFailed(PersistenceId,
                $"generation {lost.Generation}: a work unit was lost {ledger.MaxAttempts} times (no answer within --ask-timeout, or its evaluators died)"));
            pending = null;
            Timers.Cancel(PullTick.Instance);
        }
    }

    /// <summary>The ledger's queue, in-flight copies and the growth of its re-issue and speculation counts, for <see cref="HadesMetrics"/>.</summary>
    void ReportWork()
    {
        if (ledger is null) return;
        HadesMetrics.WorkState(PersistenceId, ledger.Queued, ledger.InFlight, ledger.Evaluators,
            ledger.Requeued - reissuedReported, ledger.SpeculativeIssued - speculativeReported);
        reissuedReported = ledger.Requeued;
        speculativeReported = ledger.SpeculativeIssued;
    }

    protected override void PostStop()
    {
        HadesMetrics.WorkEnded(PersistenceId);
        base.PostStop();
    }

    /// <summary>Work pulling: a result or failure frees its unit's slot at the evaluator that sent it.</summary>
    void Settle(UnitId unit, bool failed)
    {
        if (ledger is null || Sender.IsNobody()) return;
        Send(failed ? ledger.Failed(unit, Sender, Now) : ledger.Completed(unit, Sender, Now));
    }

    void OnFailed(EvaluationFailed failed)
    {
        if (failed.Indices is { } indices)
            Settle(new UnitId(failed.Generation, indices.Length == 0 ? UnitId.MeanKey : indices[0]), failed: true);
        if (pending is null || failed.Generation != pending.Generation) return;
        if (failed.EvaluatorError) evaluatorErrors++;
        log.Warning("generation {0}: a work item failed ({1}); it will be re-issued", failed.Generation, failed.Reason);
        if (evaluatorErrors >= settings.MaxEvaluatorErrors)
        {
            Context.System.EventStream.Publish(new RunFailed(PersistenceId,
                $"generation {pending.Generation} could not be evaluated: {failed.Reason}"));
            pending = null;
            Timers.Cancel(PullTick.Instance);
        }
    }

    void OnCandidates(CandidatesEvaluated result)
    {
        if (result.Indices.Length > 0) Settle(new UnitId(result.Generation, result.Indices[0]), failed: false);
        if (pending is null) { staleDropped++; return; }
        Count(pending.Offer(result.Generation, result.Indices, result.Fitness, result.EnvSteps));
        CompleteIfReady();
    }

    void OnMean(MeanEvaluated result)
    {
        Settle(new UnitId(result.Generation, UnitId.MeanKey), failed: false);
        if (pending is null) { staleDropped++; return; }
        Count(pending.OfferEvalReturn(result.Generation, result.EvalReturn));
        CompleteIfReady();
    }

    void Count(ResultOutcome outcome)
    {
        if (outcome == ResultOutcome.Stale) staleDropped++;
        else if (outcome is ResultOutcome.Duplicate or ResultOutcome.AcceptedWithDuplicates) duplicatesDropped++;
        else if (outcome == ResultOutcome.Invalid) log.Warning("dropped an invalid evaluator result");
    }

    void OnPipelineEnded(WorkPipelineEnded ended)
    {
        if (pending is null || ended.Generation != pending.Generation || pending.IsComplete) return;
        log.Warning("generation {0}: re-issuing {1} unfinished candidates", pending.Generation, pending.Missing().Length);
        IssueWork();
    }

    void CompleteIfReady()
    {
        if (pending is not { IsComplete: true } done) return;
        pending = null;
        var completed = new GenerationCompleted(done.Generation, done.Fitness(), done.EvalReturn!.Value,
            generationClock.Elapsed.TotalSeconds, done.EnvSteps());
        long persistStarted = Stopwatch.GetTimestamp();
        Persist(completed, e =>
        {
            HadesMetrics.JournalWrite(PersistenceId, Stopwatch.GetElapsedTime(persistStarted).TotalSeconds);
            HadesMetrics.GenerationCompleted(PersistenceId, e.Seconds);
            Apply(e);
            if (state.Generation % problem.Config.SnapshotEvery == 0)
                SaveSnapshot(new PopulationSnapshot(state.Es, [.. state.History]) { Best = state.Best });
            WriteOutputs(all: false);
            Context.System.EventStream.Publish(new GenerationReported(PersistenceId, state.History[^1], RunState.ExpectedGenerations(problem.Config, state.History),
                staleDropped, duplicatesDropped));
            Self.Tell(StartNextGeneration.Instance);
        });
    }

    /// <summary>Writes the run's files: all of them after recovery, the cheap part after a generation (pictures and
    /// report.md every few seconds and at the end: <see cref="LiveRunOutputs"/>). If they cannot be written (disk
    /// full, read-only folder) the run stops with one clear reason instead of restarting forever; the journal keeps
    /// every finished generation.</summary>
    void WriteOutputs(bool all)
    {
        if (runDirectory is null || outputs is null) return;
        long started = Stopwatch.GetTimestamp();
        try
        {
            if (all) outputs.WriteAll(state);
            else outputs.Generation(state);
            HadesMetrics.OutputsWritten(PersistenceId, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            outputsFailed = true;
            Context.System.EventStream.Publish(new RunFailed(PersistenceId, $"cannot write the run's outputs in {runDirectory.Path} ({e.Message})"));
        }
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        string what = reason.GetBaseException().Message;
        if (settings.RetryJournalFailures && reason.GetBaseException() is not System.Runtime.Serialization.SerializationException)
            Unavailable($"cannot read the journal ({what})");
        else
            Context.System.EventStream.Publish(new RunFailed(PersistenceId, $"the run's journal cannot be read ({what})"));
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        string what = cause.GetBaseException().Message;
        if (settings.RetryJournalFailures) Unavailable($"cannot write the journal ({what})");
        else Context.System.EventStream.Publish(new RunFailed(PersistenceId, $"cannot write the journal ({what})"));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>Transient journal trouble: this actor stops; its back-off supervisor starts a new one, which
    /// recovers the last journalled generation and re-evaluates the one that was lost.</summary>
    void Unavailable(string reason)
    {
        log.Warning("{0}; restarting with back-off", reason);
        Context.System.EventStream.Publish(new JournalUnavailable(PersistenceId, reason));
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Context.System.EventStream.Publish(new RunFailed(PersistenceId, $"the journal rejected an event ({cause.GetBaseException().Message})"));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    public static Props Props(HadesProblem problem, IActorRef evaluators, RunDirectory? runDirectory,
        PopulationSettings settings, string persistenceId) =>
        Akka.Actor.Props.Create(() => new PopulationActor(problem, evaluators, runDirectory, settings, persistenceId));

    /// <summary>The population under a back-off supervisor: whenever it stops (a journal outage), a new one
    /// starts after 1–10 s and recovers from the journal.</summary>
    public static Props SupervisedProps(HadesProblem problem, IActorRef evaluators, RunDirectory? runDirectory,
        PopulationSettings settings, string persistenceId) =>
        Akka.Pattern.BackoffSupervisor.Props(Akka.Pattern.Backoff.OnStop(
            Props(problem, evaluators, runDirectory, settings, persistenceId), "run",
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2, -1));

    sealed record StartNextGeneration
    {
        public static readonly StartNextGeneration Instance = new();
    }

    sealed record EvaluatorsCounted(int Generation, int Evaluators);

    sealed record RetryIssue(int Generation);

    sealed record PullTick
    {
        public static readonly PullTick Instance = new();
    }
}
