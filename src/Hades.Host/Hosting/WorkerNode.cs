using Akka.Actor;
using Akka.Hosting;
using Akka.Cluster;
using Hades.Actors.Evaluation;
using Hades.Actors.Training;

namespace Hades.Host.Hosting;

/// <summary>
/// A worker node (an <see cref="AkkaNode"/>): joins the cluster with roles "evaluator" and/or "trainer" and hosts
/// <c>/user/trainer</c> (campaign stages, see <see cref="TrainerActor"/>) and <c>/user/evaluator</c> (an
/// <see cref="EvaluatorPool"/> of evaluator actors when <paramref name="evaluators"/> &gt; 1, each pulling its own
/// work). The seed's cluster router finds it by role and offers it work.
/// </summary>
public sealed class WorkerNode : IAsyncDisposable
{
    readonly AkkaNode node;

    public ActorSystem System => node.System;
    public IActorRef Evaluator => node.Registry.Get<ActorKeys.Evaluators>();

    WorkerNode(AkkaNode node) { this.node = node; }

    /// <param name="simulatedCost">Benchmarks only: evaluators sleep this long per item instead of training.</param>
    /// <param name="roles">"evaluator" (hosts <c>/user/evaluator</c>) and/or "trainer" (hosts <c>/user/trainer</c>, which
    /// runs campaign stages); default both.</param>
    public static WorkerNode Start(string seedNode, string? hostname = null, int? port = null, int evaluators = 1,
        Akka.Configuration.Config? user = null, TimeSpan? simulatedCost = null, IReadOnlyList<string>? roles = null)
    {
        roles ??= DefaultRoles;
        var config = AkkaConfig.ClusterNode("worker.conf", hostname, port, roles, [seedNode], user: user);
        RemotingPort.EnsureFree(config);
        var single = simulatedCost is { } cost ? SimulatedEvaluatorActor.Props(cost) : EvaluatorActor.Props();
        var props = evaluators <= 1 ? single : EvaluatorPool.Props(single, evaluators);
        return new WorkerNode(AkkaNode.Start(config, new AkkaNode.Membership(roles, [seedNode]), (system, registry) =>
        {
            system.ActorOf(Props.Create(() => new SeedWatcher()), "seed-watcher");
            if (roles.Contains(ClusterRoles.Evaluator)) registry.Register<ActorKeys.Evaluators>(system.ActorOf(props, EvaluatorActor.Name));
            if (roles.Contains(ClusterRoles.Trainer))
                registry.Register<ActorKeys.Trainers>(system.ActorOf(
                    TrainerActor.Props((work, cancel) => CampaignStageJobs.Run(work, new Commands.DistilRunner(), cancel)), TrainerActor.Name));
        }));
    }

    /// <summary>Completes once the seed has admitted this node: it is Up or WeaklyUp, or it is still Joining but
    /// already knows the population member (the seed welcomed it; routers may send it work before the
    /// "Up" gossip arrives).</summary>
    public static readonly string[] DefaultRoles = [ClusterRoles.Evaluator, ClusterRoles.Trainer];

    /// <summary>Parses --roles: a comma-separated subset of evaluator, trainer.</summary>
    public static string[] ParseRoles(string? text)
    {
        if (text is null) return DefaultRoles;
        var roles = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        if (roles.Length == 0 || roles.Any(r => !DefaultRoles.Contains(r)))
            throw new Core.HadesUserException($"--roles must list evaluator and/or trainer, comma-separated (got '{text}')");
        return roles;
    }

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

    public async ValueTask DisposeAsync() => await node.DisposeAsync();
}
