using Akka.Actor;
using Akka.Persistence;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Actors.Population;

namespace Hades.Actors.Campaigns;

/// <summary>
/// A persistent queue of experiments. It journals the plan once, then runs the experiments one after
/// another, each as a (back-off supervised) population child with its own persistence id, and journals each
/// finished experiment. After a kill it recovers which experiments are done; the one in flight resumes from
/// its own journalled generations. The plan cannot change under a running campaign.
/// </summary>
public sealed class CampaignActor : ReceivePersistentActor
{
    readonly string name;
    readonly IReadOnlyList<CampaignRun> runs;
    readonly IActorRef evaluators;
    readonly PopulationSettings settings;
    CampaignPlanned? plan;
    int finished;
    IActorRef? current;

    public override string PersistenceId { get; }

    public CampaignActor(string name, IReadOnlyList<CampaignRun> runs, IActorRef evaluators, PopulationSettings settings)
    {
        this.name = name; this.runs = runs; this.evaluators = evaluators; this.settings = settings;
        PersistenceId = $"campaign-{name}";

        Recover<CampaignPlanned>(p => plan = p);
        Recover<ExperimentFinished>(e => finished = Math.Max(finished, e.Index + 1));
        Recover<RecoveryCompleted>(_ => Begin());

        Command<RunFinished>(OnRunFinished);
        Command<RunFailed>(f =>
        {
            if (current != null && f.RunId == runs[finished].Directory.PersistenceId) Fail($"{runs[finished].Name}: {f.Reason}");
        });
    }

    CampaignPlanned PlanOfThisFile() => new(
        runs.Select(r => r.Name).ToArray(),
        runs.Select(r => r.Problem.Config.ToJson()).ToArray(),
        runs.Select(r => r.Directory.RunId).ToArray());

    void Begin()
    {
        var wanted = PlanOfThisFile();
        if (plan is null)
        {
            Persist(wanted, p => { plan = p; RunNext(); });
            return;
        }
        if (!plan.Names.SequenceEqual(wanted.Names) || !plan.ConfigJsons.SequenceEqual(wanted.ConfigJsons) || !plan.RunIds.SequenceEqual(wanted.RunIds))
        {
            Fail("the campaign file changed since the campaign started; start it under a new name or in a new --campaign-dir");
            return;
        }
        RunNext();
    }

    void RunNext()
    {
        if (finished >= runs.Count)
        {
            Context.System.EventStream.Publish(new CampaignFinished(name, runs.Count));
            return;
        }
        var run = runs[finished];
        Context.System.EventStream.Subscribe(Self, typeof(RunFinished));
        Context.System.EventStream.Subscribe(Self, typeof(RunFailed));
        Context.System.EventStream.Publish(new ExperimentStarted(name, finished, runs.Count, run.Name, run.Directory.RunId));
        current = Context.ActorOf(PopulationActor.SupervisedProps(run.Problem, evaluators, run.Directory, settings,
            run.Directory.PersistenceId), $"run-{finished}");
    }

    void OnRunFinished(RunFinished done)
    {
        if (current is null || finished >= runs.Count || done.RunId != runs[finished].Directory.PersistenceId) return;
        int index = finished;
        Persist(new ExperimentFinished(index), _ =>
        {
            Context.Stop(current);
            current = null;
            finished = index + 1;
            RunNext();
        });
    }

    void Fail(string reason)
    {
        Context.System.EventStream.Publish(new CampaignFailed(name, reason));
        if (current != null) Context.Stop(current);
        current = null;
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

    public static Props Props(string name, IReadOnlyList<CampaignRun> runs, IActorRef evaluators, PopulationSettings settings) =>
        Akka.Actor.Props.Create(() => new CampaignActor(name, runs, evaluators, settings));
}
