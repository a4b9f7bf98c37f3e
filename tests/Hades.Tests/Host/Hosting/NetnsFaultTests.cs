using System.Diagnostics;
using System.Net;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Hosting;

/// <summary>The single-process `hades run` dataset that every fault test's cluster run must reproduce byte for byte.</summary>
public sealed class NetnsReferenceRun : IDisposable
{
    readonly TempDir dir = new();
    readonly Lazy<byte[]> dataset;

    public NetnsReferenceRun() => dataset = new Lazy<byte[]>(() =>
    {
        string runDir = dir.Sub("reference");
        var single = HadesProcess.Run(TimeSpan.FromMinutes(5), ["run", "--run-dir", runDir, .. NetnsFaultTests.Options]);
        Assert.True(single.ExitCode == 0, single.Stderr);
        return File.ReadAllBytes(Path.Combine(runDir, "dataset.json"));
    });

    public byte[] Dataset => dataset.Value;

    public void Dispose() => dir.Dispose();
}

/// <summary>
/// Issue 16 item 5: the cluster as separate hosts. The seed (SQLite journal in its run dir) and three workers
/// run as `hades` processes in their own network namespaces on a private bridge (10.213.0.0/24, see
/// <see cref="NetworkLab"/>); one fault is injected mid-run per test; the run must finish with the dataset of a
/// plain single-process `hades run`. Each test bounds its time; the lab removes namespaces, veths, iptables
/// rules and processes on dispose, also when the test fails.
/// </summary>
[Collection("cluster")]
[Trait("Category", "slow")]
public sealed class NetnsFaultTests(NetnsReferenceRun reference) : IClassFixture<NetnsReferenceRun>, IDisposable
{
    internal static readonly string[] Options =
    [
        "--task", "cartpole", "--seed", "47", "--generations", Generations.ToString(System.Globalization.CultureInfo.InvariantCulture), "--population", "64", "--dataset-size", "2",
        "--hidden", "16", "--inner-steps", "10", "--episodes", "2", "--eval-policies", "2", "--batch-size", "8",
        "--inits", "2", "--init-aggregate", "mean", "--stop-when-solved", "0", "--learners", "", "--sigma", "0.1", "--eval-aggregate", "mean", // not the default job: the settings these tests were written for
        "--final-eval-episodes", "0", "--quiet",
    ];

    const int Generations = 60; // long enough (tens of seconds) that a fault, a restart or a late join lands mid-run with the fused kernels
    const string Port = "4053";
    static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(300);

    readonly TempDir dir = new();
    readonly NetworkLab lab = new();

    string RunDir => dir.Sub("cluster");
    string[] SeedArgs(NetworkLab.Host seed) =>
        ["seed", "--run-dir", RunDir, "--hostname", seed.Ip, "--port", Port, "--ask-timeout", "5", .. JournalArgs, .. Options];

    /// <summary>With HADES_TEST_PG set (CI), the seed journals to that PostgreSQL server; else SQLite in its run dir.
    /// Only the seed uses the journal: it reaches the server (on the machine's own loopback) through a pass-through
    /// proxy listening on 127.0.0.1:5432 inside the seed's namespace (<see cref="AddSeed"/>).</summary>
    static string[] JournalArgs => PostgresFactAttribute.Connection is { Length: > 0 } cs
        ? ["--journal", "postgres", "--pg-connection", new Npgsql.NpgsqlConnectionStringBuilder(cs) { Host = "127.0.0.1", Port = 5432 }.ConnectionString]
        : [];

    DelayingTcpProxy? postgresProxy;

    /// <summary>The seed's namespace (10.213.0.1); with PostgreSQL, the proxy to the server starts in it.</summary>
    NetworkLab.Host AddSeed()
    {
        var seed = lab.AddHost("seed", 1);
        if (PostgresFactAttribute.Connection is { Length: > 0 } cs)
        {
            var server = new Npgsql.NpgsqlConnectionStringBuilder(cs);
            var address = server.Host is null or "localhost" ? IPAddress.Loopback : IPAddress.Parse(server.Host);
            postgresProxy = new DelayingTcpProxy(seed.Namespace, new IPEndPoint(IPAddress.Loopback, 5432), null,
                new IPEndPoint(address, server.Port), TimeSpan.Zero);
        }
        return seed;
    }

    static Process StartWorker(NetworkLab.Host worker, NetworkLab.Host seed) =>
        worker.StartHades("worker", "--seed-node", $"{seed.Ip}:{Port}", "--hostname", worker.Ip, "--threads", "1", "--join-timeout", "120");

    (NetworkLab.Host Seed, Process SeedProcess, NetworkLab.Host[] Workers, Process[] WorkerProcesses) StartCluster(int workers = 3)
    {
        var seed = AddSeed();
        var process = seed.StartHades(SeedArgs(seed));
        var hosts = Enumerable.Range(0, workers).Select(i => lab.AddHost($"w{i}", 11 + i)).ToArray();
        return (seed, process, hosts, hosts.Select(h => StartWorker(h, seed)).ToArray());
    }

    int Rows()
    {
        string metrics = Path.Combine(RunDir, "metrics.csv");
        try { return File.Exists(metrics) ? File.ReadAllLines(metrics).Length - 1 : 0; }
        catch (IOException) { return 0; }
    }

    /// <summary>Waits until the run has written <paramref name="generations"/> generations, so a fault lands mid-run.</summary>
    void AwaitGenerations(Process seed, int generations)
    {
        var clock = Stopwatch.StartNew();
        while (Rows() < generations && !seed.HasExited && clock.Elapsed < TimeSpan.FromSeconds(180)) Thread.Sleep(100);
        Assert.False(seed.HasExited, $"the seed ended before the fault (exit {(seed.HasExited ? seed.ExitCode : 0)})\n{lab.Transcript}");
        Assert.True(Rows() >= generations, $"no {generations} generations within 180 s\n{lab.Transcript}");
        Assert.True(Rows() < Generations, "the run finished before the fault could land");
    }

    /// <summary>Waits until the worker printed its "joined" line; returns the generations written by then.</summary>
    int AwaitJoined(NetworkLab.Host host, Process worker)
    {
        string joined = $"@{host.Ip}#{worker.Id}: worker ";
        var clock = Stopwatch.StartNew();
        while (!lab.Transcript.Contains(joined) && !worker.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(100);
        Assert.True(lab.Transcript.Contains(joined), $"the worker at {host.Ip} did not join within 120 s\n{lab.Transcript}");
        return Rows();
    }

    void AssertFinishesWithReferenceDataset(Process seed)
    {
        if (!seed.WaitForExit(RunLimit))
            Assert.Fail($"the seed did not finish within {RunLimit.TotalSeconds} s ({Rows()} generations)\n{lab.Transcript}");
        seed.WaitForExit(); // flush the output readers
        Assert.True(seed.ExitCode == 0, $"seed exit {seed.ExitCode}\n{lab.Transcript}");
        Assert.Equal(Generations, Rows());
        Assert.Equal(reference.Dataset, File.ReadAllBytes(Path.Combine(RunDir, "dataset.json")));
        if (postgresProxy != null)
            Assert.True(postgresProxy.Connections > 0, "HADES_TEST_PG is set but the seed never connected to PostgreSQL");
    }

    [NetnsFact]
    public void A_worker_killed_with_sigkill_mid_run()
    {
        _ = reference.Dataset;
        var (_, seed, _, workers) = StartCluster();
        AwaitGenerations(seed, 2);
        workers[0].Kill(); // SIGKILL: no leave, its units in flight must be re-issued
        workers[0].WaitForExit();
        AssertFinishesWithReferenceDataset(seed);
    }

    [NetnsFact]
    public void The_seed_killed_and_restarted_with_the_same_command()
    {
        _ = reference.Dataset;
        var (seedHost, seed, _, _) = StartCluster();
        AwaitGenerations(seed, 2);
        seed.Kill();
        seed.WaitForExit();
        var restarted = seedHost.StartHades(SeedArgs(seedHost));
        AssertFinishesWithReferenceDataset(restarted);
    }

    static readonly string[] DropInbound = ["INPUT", "-i", "eth0", "-j", "DROP"], DropOutbound = ["OUTPUT", "-o", "eth0", "-j", "DROP"];

    static void CutOff(NetworkLab.Host host)
    {
        host.Iptables(["-A", .. DropInbound]);
        host.Iptables(["-A", .. DropOutbound]);
    }

    static void Heal(NetworkLab.Host host)
    {
        host.Iptables(["-D", .. DropInbound]);
        host.Iptables(["-D", .. DropOutbound]);
    }

    [NetnsFact]
    public void A_worker_cut_off_for_30_seconds_then_healed()
    {
        _ = reference.Dataset;
        var (_, seed, hosts, workers) = StartCluster();
        AwaitGenerations(seed, 2);
        CutOff(hosts[0]);
        int before = Rows();
        Thread.Sleep(TimeSpan.FromSeconds(30));
        Heal(hosts[0]);
        Assert.True(Rows() > before || seed.HasExited, $"the run stalled while one of three workers was cut off\n{lab.Transcript}");
        AssertFinishesWithReferenceDataset(seed);
        Assert.False(workers[0].HasExited, $"the healed worker crashed\n{lab.Transcript}");
    }

    /// <summary>
    /// With one of three cut off, the other two may finish the run before the 30 s are up; cutting every
    /// worker off makes the run wait, so only the healed workers can finish it.
    /// </summary>
    [NetnsFact]
    public void Every_worker_cut_off_for_30_seconds_then_healed()
    {
        _ = reference.Dataset;
        var (_, seed, hosts, workers) = StartCluster();
        AwaitGenerations(seed, 2);
        foreach (var h in hosts) CutOff(h);
        Thread.Sleep(TimeSpan.FromSeconds(30));
        foreach (var h in hosts) Heal(h);
        Assert.True(Rows() < Generations, "the run finished while every worker was cut off");
        AssertFinishesWithReferenceDataset(seed);
        Assert.All(workers, w => Assert.False(w.HasExited, $"a healed worker crashed\n{lab.Transcript}"));
    }

    [NetnsFact]
    public void One_percent_random_packet_loss_on_a_worker_link()
    {
        _ = reference.Dataset;
        var seedHost = AddSeed();
        var lossy = lab.AddHost("w0", 11);
        lossy.Iptables("-A", "INPUT", "-i", "eth0", "-m", "statistic", "--mode", "random", "--probability", "0.01", "-j", "DROP");
        var seed = seedHost.StartHades(SeedArgs(seedHost));
        AwaitJoined(lossy, StartWorker(lossy, seedHost)); // it takes part from the first generation
        foreach (var h in new[] { lab.AddHost("w1", 12), lab.AddHost("w2", 13) }) StartWorker(h, seedHost);
        AwaitGenerations(seed, 2);
        AssertFinishesWithReferenceDataset(seed);
    }

    [NetnsFact]
    public void A_worker_behind_a_proxy_that_adds_100_ms_each_way()
    {
        _ = reference.Dataset;
        var seedHost = AddSeed();
        var seed = seedHost.StartHades(SeedArgs(seedHost));
        var hosts = new[] { lab.AddHost("w0", 11), lab.AddHost("w1", 12), lab.AddHost("w2", 13) };
        // Inside w0 the seed's address is a local one, on which the proxy listens: w0's connections to the seed
        // go through the proxy, which connects on from the seed's namespace.
        var seedEndPoint = new IPEndPoint(IPAddress.Parse(seedHost.Ip), int.Parse(Port));
        lab.AddLocalAddress(hosts[0], seedHost.Ip);
        var proxy = new DelayingTcpProxy(hosts[0].Namespace, seedEndPoint, seedHost.Namespace, seedEndPoint, TimeSpan.FromMilliseconds(100));
        try
        {
            AwaitJoined(hosts[0], StartWorker(hosts[0], seedHost)); // the delayed worker takes part from the first generation
            foreach (var h in hosts[1..]) StartWorker(h, seedHost);
            AwaitGenerations(seed, 2);
            AssertFinishesWithReferenceDataset(seed);
            Assert.True(proxy.Connections >= 1 && proxy.BytesForwarded > 0, "the delayed worker never talked through the proxy");
            Console.WriteLine($"proxy: {proxy.Connections} connection(s), {proxy.BytesForwarded} bytes delayed by 100 ms");
        }
        finally { proxy.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10)); }
    }

    [NetnsFact]
    public void A_worker_joining_mid_run()
    {
        _ = reference.Dataset;
        var (seedHost, seed, _, _) = StartCluster(workers: 2);
        AwaitGenerations(seed, 2);
        var late = lab.AddHost("late", 21);
        int joinedAt = AwaitJoined(late, StartWorker(late, seedHost));
        Assert.True(joinedAt < Generations, "the late worker joined only after the run had finished");
        AssertFinishesWithReferenceDataset(seed);
    }

    public void Dispose()
    {
        lab.Dispose();
        postgresProxy?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        dir.Dispose();
    }
}
