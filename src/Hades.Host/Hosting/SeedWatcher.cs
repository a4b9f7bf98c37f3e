using Akka.Actor;
using Akka.Cluster;

namespace Hades.Host.Hosting;

/// <summary>
/// Runs on workers: when the last "population" member leaves or is removed, this node has no one to work
/// for, so it shuts its ActorSystem down and `hades worker` joins afresh (a restarted seed forms a new
/// cluster at the same address). A seed that dies without leaving is normally handled by the split-brain
/// resolver, which downs the workers' side; as a backstop (e.g. a worker still Joining when the seed died,
/// which no leader can down), a population member unreachable for <see cref="UnreachableLimit"/> also ends it.
/// </summary>
public sealed class SeedWatcher : ReceiveActor
{
    public static readonly TimeSpan UnreachableLimit = TimeSpan.FromSeconds(20);

    readonly Cluster cluster = Cluster.Get(Context.System);
    bool sawPopulation;

    public SeedWatcher()
    {
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            sawPopulation |= state.Members.Any(m => m.HasRole(ClusterRoles.Population));
        });
        Receive<ClusterEvent.MemberUp>(up => sawPopulation |= up.Member.HasRole(ClusterRoles.Population));
        Receive<ClusterEvent.MemberRemoved>(removed => Check(removed.Member));
        Receive<ClusterEvent.MemberLeft>(left => Check(left.Member));
        Receive<ClusterEvent.UnreachableMember>(u =>
        {
            if (u.Member.HasRole(ClusterRoles.Population))
                Context.System.Scheduler.ScheduleTellOnce(UnreachableLimit, Self, new StillUnreachable(u.Member.UniqueAddress), Self);
        });
        Receive<ClusterEvent.ReachableMember>(_ => { });
        Receive<StillUnreachable>(s =>
        {
            if (cluster.State.Unreachable.Any(m => m.UniqueAddress == s.Member)) Context.System.Terminate();
        });
    }

    sealed record StillUnreachable(UniqueAddress Member);

    void Check(Member gone)
    {
        if (!gone.HasRole(ClusterRoles.Population) || !sawPopulation) return;
        bool anyLeft = cluster.State.Members.Any(m => m.HasRole(ClusterRoles.Population) && m.Address != gone.Address
                                                      && m.Status is MemberStatus.Up or MemberStatus.Joining or MemberStatus.WeaklyUp);
        if (!anyLeft) Context.System.Terminate();
    }

    protected override void PreStart() =>
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.MemberLeft),
            typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.ReachableMember));

    protected override void PostStop() => cluster.Unsubscribe(Self);
}
