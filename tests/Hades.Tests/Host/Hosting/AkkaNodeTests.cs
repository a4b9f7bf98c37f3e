using Akka.Actor;
using Akka.Hosting;
using Hades.Actors;
using Hades.Actors.Logging;
using Hades.Actors.Persistence;
using Hades.Core.Runs;
using Hades.Host.Hosting;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Hosting;

/// <summary>Nodes composed by Akka.Hosting: the actors layer's embedded reference.conf is their fallback, the journal
/// blocks come from Akka.Persistence.Sql.Hosting's options, cluster roles and seeds from Akka.Cluster.Hosting, and
/// the registry holds what the node started.</summary>
[Collection("cluster")] // binds a port
public sealed class AkkaNodeTests : IDisposable
{
    readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void The_actors_layer_ships_its_defaults_as_an_embedded_reference_conf()
    {
        var reference = ActorsReference.Config;
        Assert.Equal("hades", reference.GetString("akka.actor.serialization-bindings.\"Hades.Actors.Messages.IHadesMessage, Hades.Actors\""));
        Assert.Equal("PinnedDispatcher", reference.GetString("hades.evaluator-dispatcher.type"));
        Assert.Equal("keep-oldest", reference.GetString("akka.cluster.split-brain-resolver.active-strategy"));
    }

    [Fact]
    public async Task An_embedded_node_gets_the_reference_defaults_the_sqlite_journal_and_a_registry()
    {
        var run = new RunDirectory(dir.Sub("run"));
        Directory.CreateDirectory(run.Path);
        await using var node = AkkaNode.Start(AkkaConfig.EmbeddedRun(run), null,
            (system, registry) => registry.Register<ActorKeys.Evaluators>(system.ActorOf(Props.Empty, "probe")));
        var config = node.System.Settings.Config;
        Assert.Equal(typeof(FileLogger).FullName + ", Hades.Actors", node.System.Settings.Loggers.Single());
        Assert.IsType<HadesSerializer>(node.System.Serialization.FindSerializerForType(typeof(Hades.Actors.Messages.RequestWork)));
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Contains(run.JournalFile, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.Equal(1, config.GetInt("akka.persistence.journal.sql.parallelism"));
        Assert.Equal("/user/probe", node.Registry.Get<ActorKeys.Evaluators>().Path.ToStringWithoutAddress());
    }

    [Fact]
    public async Task A_cluster_node_takes_its_roles_and_seeds_through_cluster_hosting_over_the_deployment_files()
    {
        int port = FreePort.Next();
        var config = AkkaConfig.ClusterNode("seed.conf", "127.0.0.1", port, [ClusterRoles.Population], null);
        string self = AkkaConfig.SelfAddress(config);
        await using var node = AkkaNode.Start(config, new AkkaNode.Membership([ClusterRoles.Population, ClusterRoles.Trainer], [self]), (_, _) => { });
        var cluster = Akka.Cluster.Cluster.Get(node.System);
        Assert.Equal(port, cluster.SelfAddress.Port);
        Assert.Equal([ClusterRoles.Population, ClusterRoles.Trainer], cluster.SelfRoles.Where(r => !r.StartsWith("dc-")).Order());
        Assert.Equal("keep-oldest", node.System.Settings.Config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(16_000_000, node.System.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));
    }
}
