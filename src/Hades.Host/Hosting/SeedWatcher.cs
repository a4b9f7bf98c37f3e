using Akka.Actor;
using Akka.Cluster;

namespace Hades.Host.Hosting;

/// <summary>
/// Runs on workers: when the last "population" member leaves or is removed, this node has no one to work
/// for, so it shuts its ActorSystem down and `hades worker` joins afresh (a restarted seed forms a new
/// cluster at the same address). A seed that dies without leaving is handled by the split-brain resolver,
/// which downs the workers' side.
/// </summary>
public sealed class SeedWatcher : ReceiveActor
{
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
    }

    void Check(Member gone)
    {
        if (!gone.HasRole(ClusterRoles.Population) || !sawPopulation) return;
        bool anyLeft = cluster.State.Members.Any(m => m.HasRole(ClusterRoles.Population) && m.Address != gone.Address
                                                      && m.Status is MemberStatus.Up or MemberStatus.Joining or MemberStatus.WeaklyUp);
        if (!anyLeft) Context.System.Terminate();
    }

    protected override void PreStart() =>
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.MemberLeft));

    protected override void PostStop() => cluster.Unsubscribe(Self);
}
