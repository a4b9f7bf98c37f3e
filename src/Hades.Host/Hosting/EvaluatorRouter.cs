using Akka.Actor;
using Akka.Cluster.Routing;
using Akka.Routing;
using Hades.Actors.Evaluation;
using Hades.Actors.Training;

namespace Hades.Host.Hosting;

/// <summary>Round-robin over <c>/user/evaluator</c> on every cluster member with role "evaluator" (or
/// <c>/user/trainer</c> on members with role "trainer"); members that join are added and lost ones removed as the
/// cluster sees them. Offers go to all of them as <see cref="Broadcast"/>.</summary>
public static class EvaluatorRouter
{
    public static IActorRef Create(ActorSystem system) => Group(system, EvaluatorActor.Name, ClusterRoles.Evaluator, "evaluators");

    public static IActorRef Trainers(ActorSystem system) => Group(system, TrainerActor.Name, ClusterRoles.Trainer, "trainers");

    static IActorRef Group(ActorSystem system, string actor, string role, string name) =>
        system.ActorOf(new ClusterRouterGroup(
                new RoundRobinGroup([$"/user/{actor}"]),
                new ClusterRouterGroupSettings(10_000, [$"/user/{actor}"], allowLocalRoutees: true, useRole: role))
            .Props(), name);
}
