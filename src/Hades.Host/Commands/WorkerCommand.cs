using System.CommandLine;
using Hades.Core;
using Hades.Host.Cli;
using Hades.Host.Hosting;

namespace Hades.Host.Commands;

/// <summary>`hades worker`: an evaluator node that joins a seed and evaluates whatever runs it is sent.</summary>
public sealed class WorkerCommand : ICommand
{
    public string Name => "worker";
    public string Summary => "join a cluster as an evaluator and trainer node";
    public string Description => """
        Joins the cluster of a `hades seed` (or `hades campaign --port`) node with roles "evaluator" and
        "trainer" (--roles): it trains/scores the candidate batches it is sent and runs campaign stages it pulls
        (PPO, distillation, zero-shot, generalise). It may join or leave (Ctrl-C) at any time; batches it does not finish are re-issued to
        other workers. If the seed goes away, the worker waits and rejoins it when it comes back.
        """;

    static readonly Option<string> SeedNode = Opt.String("seed-node", "ADDR", "the seed's address, akka.tcp://hades@HOST:PORT (required)");
    static readonly Option<string> Roles = Opt.String("roles", "R", "evaluator, trainer or both, comma-separated (default evaluator,trainer): a trainer runs a campaign's PPO, distillation, zero-shot and generalise stages");
    static readonly Option<int> Evaluators = Opt.Int("evaluators", "evaluator actors on this node (default 1; each uses every core)",
        v => v > 0 ? null : "--evaluators must be a positive integer");
    static readonly Option<int> Threads = Opt.Int("threads", "torch threads on this node (default: all cores; use 1 per worker when several workers share a machine)",
        v => v > 0 ? null : "--threads must be a positive integer");
    static readonly Option<double> JoinTimeout = Opt.Double("join-timeout", "give up if the first join takes longer, seconds (default 30)",
        v => v > 0 ? null : "--join-timeout must be > 0", "S");
    static readonly Option<double> SimulateMs = Opt.Double("simulate-ms", "benchmarks only: sleep MS per work item instead of training (fitness 0)",
        v => v >= 0 ? null : "--simulate-ms must be ≥ 0", "MS");

    public void Declare(Command command)
    {
        command.AddOptions([SeedNode, ClusterOptions.Hostname, ClusterOptions.WorkerPort, ClusterOptions.AkkaConfigFile, Roles, Evaluators, Threads, JoinTimeout, SimulateMs, .. Telemetry.MetricsOption.All]);
    }

    public async Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        var user = AkkaConfig.UserFile(a.ValueOrNull(ClusterOptions.AkkaConfigFile));
        string seedNode = ClusterAddress.Normalise(a.ValueOrNull(SeedNode) ?? throw new HadesUserException("'hades worker' needs --seed-node akka.tcp://hades@HOST:PORT"),
            ClusterAddress.UsesTls(user));
        string? hostname = a.ValueOrNull(ClusterOptions.Hostname);
        int? port = a.NumberOrNull(ClusterOptions.WorkerPort);
        int evaluators = a.NumberOrNull(Evaluators) ?? 1;
        if (a.NumberOrNull(Threads) is { } n) TorchSharp.torch.set_num_threads(n);
        double joinTimeout = a.NumberOrNull(JoinTimeout) ?? 30;
        double? simulateMs = a.NumberOrNull(SimulateMs);
        var metricsOptions = Telemetry.MetricsOption.Read(a);
        var roles = WorkerNode.ParseRoles(a.ValueOrNull(Roles));
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
