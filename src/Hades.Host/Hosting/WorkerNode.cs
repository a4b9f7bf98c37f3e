using Akka.Actor;
using Akka.Cluster;
using Hades.Actors.Evaluation;

namespace Hades.Host.Hosting;

/// <summary>
/// An evaluator node: joins the cluster with role "evaluator" and hosts <c>/user/evaluator</c> (an
/// <see cref="EvaluatorPool"/> of evaluator actors when <paramref name="evaluators"/> &gt; 1, each pulling its own
/// work). The seed's cluster router finds it by role and offers it work.
/// </summary>
public sealed class WorkerNode : IAsyncDisposable
{
    public ActorSystem System { get; }
    public IActorRef Evaluator { get; }

    WorkerNode(ActorSystem system, IActorRef evaluator) { System = system; Evaluator = evaluator; }

    /// <param name="simulatedCost">Benchmarks only: evaluators sleep this long per item instead of training.</param>
    public static WorkerNode Start(string seedNode, string? hostname = null, int? port = null, int evaluators = 1,
        Akka.Configuration.Config? user = null, TimeSpan? simulatedCost = null)
    {
        var config = AkkaConfig.ClusterNode("worker.conf", hostname, port, [ClusterRoles.Evaluator], [seedNode], user: user);
        RemotingPort.EnsureFree(config);
        var system = ActorSystem.Create(ClusterAddress.SystemName, config);
        var single = simulatedCost is { } cost ? SimulatedEvaluatorActor.Props(cost) : EvaluatorActor.Props();
        var props = evaluators <= 1 ? single : EvaluatorPool.Props(single, evaluators);
        system.ActorOf(Props.Create(() => new SeedWatcher()), "seed-watcher");
        return new WorkerNode(system, system.ActorOf(props, EvaluatorActor.Name));
    }

    /// <summary>Completes once the seed has admitted this node: it is Up or WeaklyUp, or it is still Joining but
    /// already knows the population member (the seed welcomed it; routers may send it work before the
    /// "Up" gossip arrives).</summary>
    public async Task Joined()
    {
        var cluster = Cluster.Get(System);
        while (cluster.SelfMember.Status is not (MemberStatus.Up or MemberStatus.WeaklyUp)
               && !cluster.State.Members.Any(m => m.HasRole(ClusterRoles.Population)))
        {
            if (System.WhenTerminated.IsCompleted) throw new InvalidOperationException("the worker's actor system stopped before it joined");
            await Task.Delay(100);
        }
    }

    public Task Terminated => System.WhenTerminated;

    public async ValueTask DisposeAsync() => await System.Terminate();
}
