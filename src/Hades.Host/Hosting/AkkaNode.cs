using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hades.Host.Hosting;

/// <summary>
/// One Hades node: an ActorSystem composed by Akka.Hosting (<c>AddAkka</c>) on a <c>Microsoft.Extensions.Hosting</c>
/// host. The node's HOCON (<see cref="AkkaConfig"/>) is the builder's base, cluster nodes add their roles and seeds
/// through Akka.Cluster.Hosting's <c>WithClustering</c>, and <paramref name="actors"/> starts the node's actors and
/// registers them in the <see cref="ActorRegistry"/>. The host leaves signals to the CLI (no console lifetime);
/// disposing it runs the system's coordinated shutdown.
/// </summary>
public sealed class AkkaNode : IAsyncDisposable, IDisposable
{
    readonly IHost host;

    public ActorSystem System { get; }
    public IActorRegistry Registry { get; }

    AkkaNode(IHost host)
    {
        this.host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        Registry = host.Services.GetRequiredService<IActorRegistry>();
    }

    /// <summary>A cluster member's roles and seed nodes (null: a single-process node).</summary>
    public sealed record Membership(IReadOnlyList<string> Roles, IReadOnlyList<string> SeedNodes);

    /// <param name="config">The node's whole HOCON (deployment files, per-run settings, reference.conf).</param>
    /// <param name="actors">Starts the node's actors; runs once the system is up.</param>
    public static AkkaNode Start(Config config, Membership? cluster, Action<ActorSystem, IActorRegistry> actors)
    {
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton<IHostLifetime, CliLifetime>();
                services.AddAkka(ClusterAddress.SystemName, builder =>
                {
                    builder.AddHocon(config, HoconAddMode.Replace);
                    if (cluster is not null)
                        builder.WithClustering(new ClusterOptions { Roles = [.. cluster.Roles], SeedNodes = [.. cluster.SeedNodes] });
                    builder.WithActors(actors);
                });
            })
            .Build();
        try
        {
            var node = new AkkaNode(host); // creates the ActorSystem here, so a failure surfaces as an exception of this call
            host.StartAsync().GetAwaiter().GetResult();
            return node;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Terminates the system (coordinated shutdown) and disposes the host.</summary>
    public async ValueTask DisposeAsync()
    {
        await System.Terminate().WaitAsync(TimeSpan.FromSeconds(75)).ContinueWith(_ => { }); // a trainer awaits its job ≤ 60 s
        await host.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        host.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The CLI handles Ctrl-C and SIGTERM itself; the host must not.</summary>
    sealed class CliLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
