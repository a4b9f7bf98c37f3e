using Hades.Core;
using Hades.Host.Cli;
using Hades.Host.Hosting;

namespace Hades.Host.Commands;

/// <summary>`hades worker`: an evaluator node that joins a seed and evaluates whatever runs it is sent.</summary>
public sealed class WorkerCommand : ICommand
{
    public string Name => "worker";
    public string Summary => "join a cluster as an evaluator node";
    public string Help => $"""
        usage: hades worker --seed-node akka.tcp://hades@HOST:PORT [--hostname H] [--port P] [--roles R] [--evaluators N]

        Joins the cluster of a `hades seed` (or `hades campaign --port`) node with roles "evaluator" and
        "trainer": it trains/scores the candidate batches it is sent and runs campaign stages it pulls. It may join or leave (Ctrl-C) at any time; batches it does not finish are re-issued to
        other workers. If the seed goes away, the worker waits and rejoins it when it comes back.

        options:
          --seed-node ADDR       the seed's address (required)
          --hostname H           address to bind and advertise (default 127.0.0.1)
          --port P               remoting port (default 0: any free port)
          --config FILE          extra Akka HOCON layered over hocon/worker.conf (e.g. TLS for remoting)
          --roles R              evaluator, trainer or both, comma-separated (default evaluator,trainer): a
                                 trainer runs a campaign's PPO, distillation, zero-shot and generalise stages
          --evaluators N         evaluator actors on this node (default 1; each uses every core)
          --threads N            torch threads on this node (default: all cores; use 1 per worker when
                                 several workers share a machine)
          --join-timeout S       give up if the first join takes longer (default 30)
          --simulate-ms MS       benchmarks only: sleep MS per work item instead of training (fitness 0)
        {Telemetry.MetricsOption.HelpLines}
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArguments.Parse(args, Name, new HashSet<string>());
        a.ExpectPositionals(Name, 0, 0, "no positional arguments");
        var user = AkkaConfig.UserFile(a.String("config"));
        string seedNode = ClusterAddress.Normalise(a.String("seed-node") ?? throw new HadesUserException("'hades worker' needs --seed-node akka.tcp://hades@HOST:PORT"),
            ClusterAddress.UsesTls(user));
        string? hostname = a.String("hostname");
        int? port = a.Int("port");
        if (port is < 0 or > 65535) throw new HadesUserException($"--port must be 0..65535 (got {port})");
        int evaluators = a.Int("evaluators") ?? 1;
        if (evaluators <= 0) throw new HadesUserException("--evaluators must be a positive integer");
        int? threads = a.Int("threads");
        if (threads is <= 0) throw new HadesUserException("--threads must be a positive integer");
        if (threads is { } n) TorchSharp.torch.set_num_threads(n);
        double joinTimeout = a.Double("join-timeout") ?? 30;
        if (joinTimeout <= 0) throw new HadesUserException("--join-timeout must be > 0");
        double? simulateMs = a.Double("simulate-ms");
        if (simulateMs is < 0) throw new HadesUserException("--simulate-ms must be ≥ 0");
        var metricsOptions = Telemetry.MetricsOption.Read(a);
        var roles = WorkerNode.ParseRoles(a.String("roles"));
        a.RejectUnused(Name);
        using var metrics = Telemetry.MetricsOption.Start(metricsOptions);
        TimeSpan? simulated = simulateMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

        bool everJoined = false;
        while (!cancel.IsCancellationRequested)
        {
            await using var worker = WorkerNode.Start(seedNode, hostname, port, evaluators, user, simulated, roles);
            var joined = worker.Joined();
            var limit = everJoined ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(joinTimeout);
            var first = await Task.WhenAny(joined, worker.Terminated, Task.Delay(limit, cancel).ContinueWith(_ => { }));
            if (first != joined)
            {
                if (cancel.IsCancellationRequested) return 0;
                if (!everJoined) throw new HadesUserException($"cannot reach seed node {seedNode} within {joinTimeout:0.#} s");
                continue;
            }
            everJoined = true;
            System.Console.WriteLine($"worker {Akka.Cluster.Cluster.Get(worker.System).SelfAddress} joined {seedNode} as {string.Join(",", roles)}");
            await Task.WhenAny(worker.Terminated, Task.Delay(Timeout.Infinite, cancel).ContinueWith(_ => { }));
            if (cancel.IsCancellationRequested)
            {
                await Akka.Cluster.Cluster.Get(worker.System).LeaveAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
                return 0;
            }
            System.Console.WriteLine("worker: lost the cluster; rejoining the seed when it is back");
            await Task.Delay(TimeSpan.FromSeconds(1), cancel).ContinueWith(_ => { });
        }
        return 0;
    }
}
