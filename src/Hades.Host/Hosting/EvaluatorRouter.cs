using Akka.Actor;
using Akka.Cluster.Routing;
using Akka.Routing;
using Hades.Actors.Evaluation;

namespace Hades.Host.Hosting;

/// <summary>Round-robin over <c>/user/evaluator</c> on every cluster member with role "evaluator"; members
/// that join are added and lost ones removed as the cluster sees them.</summary>
public static class EvaluatorRouter
{
    public static IActorRef Create(ActorSystem system) =>
        system.ActorOf(new ClusterRouterGroup(
                new RoundRobinGroup([$"/user/{EvaluatorActor.Name}"]),
                new ClusterRouterGroupSettings(10_000, [$"/user/{EvaluatorActor.Name}"], allowLocalRoutees: true, useRole: ClusterRoles.Evaluator))
            .Props(), "evaluators");
}
