using Akka.Actor;
using System.Diagnostics;
using Akka.Persistence;
using Akka.Routing;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Actors.Population;

namespace Hades.Actors.Campaigns;

/// <summary>
/// A persistent, multi-stage campaign. It journals the plan once, then keeps up to <c>parallel</c> experiments
/// running: an experiment starts, in plan order, once every experiment it needs has finished. A HaDES experiment is
/// a (back-off supervised) population child with its own persistence id, sharing the evaluators with the other
/// running ones (each population bounds its own in-flight work, so the evaluators' queues interleave them and none
/// starves); another kind is a stage for the trainers (<see cref="Training.TrainerActor"/>), queued in a
/// <see cref="WorkLedger{TEvaluator,TWork}"/> and pulled as evaluators pull units: offered to <c>trainers</c> (the
/// local trainer, or a router over the cluster's), issued one per trainer, re-issued when its trainer is lost (at most
/// <see cref="MaxStageIssues"/> times), never duplicated speculatively (two trainers must not write one run dir).
/// Each finished experiment is journalled. After a kill it recovers which experiments are done; those in flight
/// resume from their own journals. The plan cannot change under a running campaign.
/// </summary>
public sealed class CampaignActor : ReceivePersistentActor
{
    readonly string name;
    readonly IReadOnlyList<CampaignStep> steps;
    readonly IActorRef evaluators;
    readonly PopulationSettings settings;
    readonly int parallel;
    readonly IActorRef trainers;
    readonly WorkLedger<IActorRef, StageWork> stages = new(TimeSpan.FromDays(3650), MaxStageIssues, maxSpeculativeCopies: 0);
    readonly Stopwatch clock = Stopwatch.StartNew();
    ICancelable? offers;
    readonly HashSet<int> finished = [];
    readonly Dictionary<int, IActorRef?> running = [];
    CampaignPlanned? plan;
    bool failed;

    public override string PersistenceId { get; }

    /// <summary>Issues of one stage before the campaign gives up on it (each lost trainer costs one).</summary>
    public const int MaxStageIssues = 5;

    sealed record OfferStages
    {
        public static readonly OfferStages Instance = new();
    }

    public CampaignActor(string name, IReadOnlyList<CampaignStep> steps, IActorRef evaluators, PopulationSettings settings,
        int parallel, IActorRef trainers)
    {
        this.name = name; this.steps = steps; this.evaluators = evaluators; this.settings = settings;
        this.parallel = Math.Max(1, parallel); this.trainers = trainers;
        PersistenceId = $"campaign-{name}";

        Recover<CampaignPlanned>(p => plan = p);
        Recover<ExperimentFinished>(e => finished.Add(e.Index));
        Recover<RecoveryCompleted>(_ => Begin());

        Command<RunFinished>(done =>
        {
            var index = running.Keys.FirstOrDefault(i => steps[i].Population?.Directory.PersistenceId == done.RunId, -1);
            if (index >= 0) Finish(index);
        });
        Command<RunFailed>(f =>
        {
            var index = running.Keys.FirstOrDefault(i => steps[i].Population?.Directory.PersistenceId == f.RunId, -1);
            if (index >= 0) Fail(index, f.Reason);
        });
        Command<RequestWork>(r =>
        {
            Context.Watch(Sender);
            Issue(stages.Request(Sender, r.Capacity, clock.Elapsed));
        });
        Command<StageTrained>(t =>
        {
            Issue(stages.Completed(new UnitId(0, t.Index), Sender, clock.Elapsed));
            if (t.Campaign == name && running.ContainsKey(t.Index))
            {
                Context.System.EventStream.Publish(new StageDone(name, t.Index, steps[t.Index].Name, t.Node));
                Finish(t.Index);
            }
        });
        Command<StageFailed>(f =>
        {
            if (f.Retry)
            {
                // the trainer is busy with another stage: no room there until it asks again, the stage goes back to the queue
                Issue(stages.Request(Sender, 0, clock.Elapsed));
                Issue(stages.Failed(new UnitId(0, f.Index), Sender, clock.Elapsed));
                Exhausted();
                return;
            }
            if (f.Campaign == name && running.ContainsKey(f.Index)) Fail(f.Index, f.Reason);
        });
        Command<Terminated>(t => { Issue(stages.Lost(t.ActorRef, clock.Elapsed)); Exhausted(); });
        Command<OfferStages>(_ => { if (stages.Queued > 0) trainers.Tell(new Broadcast(WorkAvailable.Instance), Self); });
    }

    void Issue(List<Assignment<IActorRef, StageWork>> assignments)
    {
        foreach (var a in assignments) a.Evaluator.Tell(a.Work, Self);
    }

    void Exhausted()
    {
        if (stages.Exhausted is { } unit && !failed)
            Fail(unit.Key, $"its trainer was lost {MaxStageIssues} times");
    }

    CampaignPlanned PlanOfThisFile() => new(
        steps.Select(s => s.Name).ToArray(),
        steps.Select(s => s.PlanJson).ToArray(),
        steps.Select(s => s.RunId).ToArray());

    void Begin()
    {
        var wanted = PlanOfThisFile();
        if (plan is null)
        {
            Persist(wanted, p => { plan = p; StartReady(); });
            return;
        }
        if (!plan.Names.SequenceEqual(wanted.Names) || !plan.ConfigJsons.SequenceEqual(wanted.ConfigJsons) || !plan.RunIds.SequenceEqual(wanted.RunIds))
        {
            Fail("the campaign file changed since the campaign started; start it under a new name or in a new --campaign-dir");
            return;
        }
        StartReady();
    }

    /// <summary>Starts, in plan order, every experiment whose needs are done, while fewer than <c>parallel</c> run.</summary>
    void StartReady()
    {
        if (failed) return;
        if (finished.Count >= steps.Count)
        {
            Context.System.EventStream.Publish(new CampaignCounts(name, finished.Count, 0, 0));
            Context.System.EventStream.Publish(new CampaignFinished(name, steps.Count));
            return;
        }
        for (int i = 0; i < steps.Count && running.Count < parallel; i++)
            if (!finished.Contains(i) && !running.ContainsKey(i) && steps[i].Needs.All(finished.Contains))
                Start(i);
        Context.System.EventStream.Publish(new CampaignCounts(name, finished.Count, running.Count, steps.Count - finished.Count - running.Count));
    }

    void Start(int index)
    {
        var step = steps[index];
        // named by the id its run reports its generations under (GenerationReported.RunId: the run actor's persistence
        // id), so that progress views can tell experiments running at once apart
        Context.System.EventStream.Publish(new ExperimentStarted(name, index, steps.Count, step.Name, step.Population?.Directory.PersistenceId ?? step.RunId));
        if (step.Population is { } run)
        {
            Context.System.EventStream.Subscribe(Self, typeof(RunFinished));
            Context.System.EventStream.Subscribe(Self, typeof(RunFailed));
            running[index] = Context.ActorOf(PopulationActor.SupervisedProps(run.Problem, evaluators, run.Directory, settings,
                run.Directory.PersistenceId), $"run-{index}");
            return;
        }
        running[index] = null;
        var work = step.Work ?? throw new InvalidOperationException($"{step.Name}: neither a run nor a stage");
        stages.Add(new UnitId(0, index), work);
        trainers.Tell(new Broadcast(WorkAvailable.Instance), Self);
        offers ??= Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1),
            Self, OfferStages.Instance, Self); // trainers that join later find the queued stages
    }

    protected override void PostStop()
    {
        offers?.Cancel();
        base.PostStop();
    }

    void Finish(int index)
    {
        Persist(new ExperimentFinished(index), _ =>
        {
            if (running.Remove(index, out var child) && child != null) Context.Stop(child);
            finished.Add(index);
            StartReady();
        });
    }

    /// <summary>Experiment <paramref name="index"/> failed: the campaign fails, naming it (the host marks it failed).</summary>
    void Fail(int index, string error) => Fail($"{steps[index].Name}: {error}", steps[index].Name, error);

    void Fail(string reason, string? experiment = null, string? error = null)
    {
        failed = true;
        Context.System.EventStream.Publish(new CampaignFailed(name, reason, experiment, error));
        foreach (var child in running.Values) if (child != null) Context.Stop(child);
        running.Clear();
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.System.EventStream.Publish(new CampaignFailed(name, $"the campaign journal cannot be read ({reason.GetBaseException().Message})"));
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Context.System.EventStream.Publish(new CampaignFailed(name, $"cannot write the campaign journal ({cause.GetBaseException().Message})"));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <param name="trainers">Where stages are offered: the local trainer, or a router over the cluster's trainers.</param>
    public static Props Props(string name, IReadOnlyList<CampaignStep> steps, IActorRef evaluators, PopulationSettings settings,
        int parallel, IActorRef trainers) =>
        Akka.Actor.Props.Create(() => new CampaignActor(name, steps, evaluators, settings, parallel, trainers));
}
