using Akka.Actor;
using Akka.Hosting;
using Akka.Cluster.Tools.Singleton;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Actors.Population;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>
/// The seed/population node of a cluster run (an <see cref="AkkaNode"/>): the first seed node, role "population", running the run's
/// persistent population as a cluster singleton. Work goes through a cluster-aware round-robin router to
/// <c>/user/evaluator</c> on every member with role "evaluator" (joining members are added, lost ones
/// removed); optionally this node evaluates too.
/// </summary>
public sealed class SeedNode : IAsyncDisposable
{
    readonly AkkaNode node;

    public ActorSystem System => node.System;
    public string Address { get; }
    public Task<RunOutcome> Outcome { get; }
    public IActorRef Evaluators => node.Registry.Get<ActorKeys.Evaluators>();

    SeedNode(AkkaNode node, string address, Task<RunOutcome> outcome)
    {
        this.node = node; Address = address; Outcome = outcome;
    }

    public static SeedNode Start(HadesProblem problem, RunDirectory run, Action<GenerationReported> onGeneration,
        string? hostname, int? port, bool localEvaluator, TimeSpan askTimeout, Akka.Configuration.Config? user = null,
        JournalChoice? journal = null, int minEvaluators = 1, TimeSpan? silenceLimit = null)
    {
        journal ??= JournalChoice.Embedded;
        if (journal.Kind == JournalChoice.Sqlite) JournalPreflight.Check(run.JournalFile);
        string[] roles = localEvaluator ? [ClusterRoles.Population, ClusterRoles.Evaluator] : [ClusterRoles.Population];
        var config = AkkaConfig.ClusterNode("seed.conf", hostname, port, roles, null, AkkaConfig.JournalStore.Of(run), journal, user);
        string address = AkkaConfig.SelfAddress(config);
        RemotingPort.EnsureFree(config);
        var outcome = new TaskCompletionSource<RunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = AkkaNode.Start(config, new AkkaNode.Membership(roles, [address]), (system, registry) =>
        {
            RunListener.Subscribe(system, onGeneration, outcome);
            if (localEvaluator) system.ActorOf(EvaluatorActor.Props(), EvaluatorActor.Name);
            var evaluators = EvaluatorRouter.Create(system);
            registry.Register<ActorKeys.Evaluators>(evaluators);
            var settings = new PopulationSettings(askTimeout, EvaluatorsAreRouter: true, RetryJournalFailures: journal.RetriesFailures,
                MinEvaluators: minEvaluators, SilenceLimit: silenceLimit);
            registry.Register<ActorKeys.Population>(system.ActorOf(ClusterSingletonManager.Props(
                    PopulationActor.SupervisedProps(problem, evaluators, run, settings, run.PersistenceId),
                    PoisonPill.Instance,
                    ClusterSingletonManagerSettings.Create(system).WithRole(ClusterRoles.Population)),
                "population"));
        });
        return new SeedNode(node, address, outcome.Task);
    }

    public async ValueTask DisposeAsync()
    {
        await Akka.Cluster.Cluster.Get(System).LeaveAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        await node.DisposeAsync();
    }
}
