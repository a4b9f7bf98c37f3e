using Akka.Actor;
using Akka.Persistence;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Actors.Population;

namespace Hades.Actors.Campaigns;

/// <summary>
/// A persistent, multi-stage campaign. It journals the plan once, then keeps up to <c>parallel</c> experiments
/// running: an experiment starts, in plan order, once every experiment it needs has finished. A HaDES experiment is
/// a (back-off supervised) population child with its own persistence id, sharing the evaluators with the other
/// running ones (each population bounds its own in-flight work, so the evaluators' queues interleave them and none
/// starves); another kind is a job on the thread pool (<see cref="CampaignJobs"/>). Each finished experiment is
/// journalled. After a kill it recovers which experiments are done; those in flight resume from their own journals.
/// The plan cannot change under a running campaign.
/// </summary>
public sealed class CampaignActor : ReceivePersistentActor
{
    readonly string name;
    readonly IReadOnlyList<CampaignStep> steps;
    readonly IActorRef evaluators;
    readonly PopulationSettings settings;
    readonly int parallel;
    readonly CampaignJobs? jobs;
    readonly HashSet<int> finished = [];
    readonly Dictionary<int, IActorRef?> running = [];
    CampaignPlanned? plan;
    bool failed;

    public override string PersistenceId { get; }

    sealed record JobDone(int Index);
    sealed record JobFailed(int Index, string Reason);

    public CampaignActor(string name, IReadOnlyList<CampaignStep> steps, IActorRef evaluators, PopulationSettings settings,
        int parallel = 1, CampaignJobs? jobs = null)
    {
        this.name = name; this.steps = steps; this.evaluators = evaluators; this.settings = settings;
        this.parallel = Math.Max(1, parallel); this.jobs = jobs;
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
            if (index >= 0) Fail($"{steps[index].Name}: {f.Reason}");
        });
        Command<JobDone>(d => { if (running.ContainsKey(d.Index)) Finish(d.Index); });
        Command<JobFailed>(f => { if (running.ContainsKey(f.Index)) Fail($"{steps[f.Index].Name}: {f.Reason}"); });
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
        Context.System.EventStream.Publish(new ExperimentStarted(name, index, steps.Count, step.Name, step.RunId));
        if (step.Population is { } run)
        {
            Context.System.EventStream.Subscribe(Self, typeof(RunFinished));
            Context.System.EventStream.Subscribe(Self, typeof(RunFailed));
            running[index] = Context.ActorOf(PopulationActor.SupervisedProps(run.Problem, evaluators, run.Directory, settings,
                run.Directory.PersistenceId), $"run-{index}");
            return;
        }
        running[index] = null;
        var job = step.Job ?? throw new InvalidOperationException($"{step.Name}: neither a run nor a job");
        var self = Self; // the continuations run outside the actor
        var task = jobs is null ? Task.Run(() => job(CancellationToken.None)) : jobs.Start(job);
        task.ContinueWith(t => t.IsCompletedSuccessfully ? new JobDone(index)
                : t.IsCanceled || t.Exception?.GetBaseException() is OperationCanceledException ? null
                : (object)new JobFailed(index, t.Exception!.GetBaseException().Message.Split('\n')[0]),
                TaskScheduler.Default)
            .ContinueWith(t => { if (t.Result is { } message) self.Tell(message); }, TaskScheduler.Default);
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

    void Fail(string reason)
    {
        failed = true;
        Context.System.EventStream.Publish(new CampaignFailed(name, reason));
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

    public static Props Props(string name, IReadOnlyList<CampaignStep> steps, IActorRef evaluators, PopulationSettings settings,
        int parallel = 1, CampaignJobs? jobs = null) =>
        Akka.Actor.Props.Create(() => new CampaignActor(name, steps, evaluators, settings, parallel, jobs));
}
