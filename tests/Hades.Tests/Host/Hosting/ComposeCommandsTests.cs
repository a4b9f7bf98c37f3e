using System.Diagnostics;
using Hades.Tests.Support;
using Hades.Host.Hosting;

namespace Hades.Tests.Host.Hosting;

/// <summary>
/// docker-compose.yml runs as written, without a Docker engine: every service's command line (entrypoint +
/// command, after Compose's <c>$$</c> interpolation) starts as a plain process in the order of depends_on,
/// with the container's paths and service hostnames mapped to this machine (/hades → the checkout's build,
/// /runs → a temp dir, host "seed" → 127.0.0.1, port 4053 → a free port, `hostname -i` → 127.0.0.1). The
/// seed's campaign file is swapped for a two-experiment campaign so the run is small. The seed and two workers
/// (`--scale worker=2`) must form a cluster and finish the campaign. PostgreSQL is the server of .ci/run when
/// HADES_TEST_PG is set; without it the seed journals to SQLite (the other test says why it is skipped).
/// </summary>
[Collection("cluster")]
public sealed class ComposeCommandsTests : IDisposable
{
    readonly TempDir dir = new();
    readonly List<Process> processes = [];
    readonly System.Text.StringBuilder transcript = new();

    static string RepoRoot => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

    static IReadOnlyDictionary<string, ComposeService> Services() =>
        ComposeFile.Read(Path.Combine(RepoRoot, "docker-compose.yml"), Path.Combine(RepoRoot, "Dockerfile"));

    [Fact]
    public void Compose_interpolation_rejects_a_lone_dollar_and_unescapes_a_double_one()
    {
        Assert.Throws<InvalidDataException>(() => ComposeFile.Interpolate("--hostname \"$(hostname -i)\"", "worker"));
        Assert.Equal("--hostname \"$(hostname -i)\"", ComposeFile.Interpolate("--hostname \"$$(hostname -i)\"", "worker"));
    }

    [Fact]
    public void The_compose_file_has_a_database_a_seed_and_workers_running_the_hades_binary()
    {
        var services = Services();
        Assert.Equal(["postgres", "seed", "worker"], services.Keys.Order());
        Assert.Equal("/hades/hades", services["seed"].Argv[0]);
        Assert.Contains("campaign", services["seed"].Argv);
        Assert.Contains("exec /hades/hades worker --seed-node akka.tcp://hades@seed:4053", services["worker"].Argv[^1]);
        Assert.Equal(["seed"], services["worker"].DependsOn);
    }

    [Fact]
    [Trait("Category", "slow")]
    public void The_compose_services_form_a_cluster_and_finish_a_campaign_on_sqlite() => RunServices(postgres: null);

    [PostgresFact]
    [Trait("Category", "slow")]
    public void The_compose_services_form_a_cluster_and_finish_a_campaign_on_postgres() => RunServices(PostgresFactAttribute.Connection);

    void RunServices(string? postgres)
    {
        var services = Services();
        int port = FreePort.Next();
        string runs = dir.Sub("runs"), bin = dir.Sub("bin");
        Directory.CreateDirectory(runs);
        Directory.CreateDirectory(bin);
        // `hostname -i` in the worker's entrypoint: the container's address; here loopback
        File.WriteAllText(Path.Combine(bin, "hostname"), "#!/bin/sh\necho 127.0.0.1\n");
        File.SetUnixFileMode(Path.Combine(bin, "hostname"), (UnixFileMode)0b111_101_101);
        string campaign = Path.Combine(dir.Path, "tiny-campaign.json");
        string name = "compose-" + Guid.NewGuid().ToString("N")[..8]; // unique: a shared PostgreSQL keeps old campaigns
        File.WriteAllText(campaign, $$"""
            { "name": "{{name}}",
              "base": { "task": "cartpole", "generations": 3, "population_size": 16, "dataset_size": 2, "hidden": [8],
                        "inner_steps": 5, "episodes": 1, "eval_policies": 2, "batch_size": 4,
                        "inits": 2, "init_aggregate": "mean", "stop_when_solved": 0 },
              "grid": { "seed": [0, 1] } }
            """);

        string Map(string arg)
        {
            if (arg == "/hades/hades") return HadesProcess.Executable;
            if (arg.StartsWith("/hades/examples/", StringComparison.Ordinal))
            {
                Assert.True(File.Exists(Path.Combine(RepoRoot, arg["/hades/".Length..])), $"compose names {arg}, which the checkout lacks");
                return campaign;
            }
            if (arg.StartsWith("/runs/", StringComparison.Ordinal)) return Path.Combine(runs, arg["/runs/".Length..]);
            if (arg == "seed") return "127.0.0.1";
            if (arg == "4053") return port.ToString();
            return arg.Replace("/hades/hades", HadesProcess.Executable)
                .Replace("seed:4053", $"127.0.0.1:{port}")
                .Replace("/dev/tcp/seed/4053", $"/dev/tcp/127.0.0.1/{port}");
        }

        var seedService = services["seed"];
        var seedArgv = seedService.Argv.Select(Map).ToList();
        var env = new Dictionary<string, string>(seedService.Environment);
        if (postgres is null)
        {
            int journal = seedArgv.IndexOf("--journal");
            Assert.True(journal >= 0 && seedArgv[journal + 1] == "postgres", "the compose seed should journal to PostgreSQL");
            seedArgv.RemoveRange(journal, 2);
            env.Remove("HADES_PG_CONNECTION");
        }
        else
        {
            Assert.True(env.ContainsKey("HADES_PG_CONNECTION"), "the compose seed should get its connection from HADES_PG_CONNECTION");
            env["HADES_PG_CONNECTION"] = postgres;
        }
        env["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");

        var seed = Start("seed", seedArgv, env);
        // depends_on: seed is service_healthy → run the seed's own healthcheck until it passes
        var health = Map(seedService.HealthcheckShell ?? throw new Xunit.Sdk.XunitException("the seed has no healthcheck"));
        var clock = Stopwatch.StartNew();
        while (!Healthy(health))
        {
            Assert.False(seed.HasExited, $"the seed exited before it was healthy\n{transcript}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the seed was not healthy within 60 s\n{transcript}");
            Thread.Sleep(250);
        }
        var workerArgv = services["worker"].Argv.Select(Map).ToList();
        var workerEnv = new Dictionary<string, string>(services["worker"].Environment) { ["PATH"] = env["PATH"] };
        Start("worker#1", workerArgv, workerEnv);
        Start("worker#2", workerArgv, workerEnv);

        bool ended = seed.WaitForExit(TimeSpan.FromSeconds(240));
        Assert.True(ended, $"the campaign did not finish within 240 s\n{transcript}");
        Assert.True(seed.ExitCode == 0, $"seed exit code {seed.ExitCode}\n{transcript}");
        string results = Path.Combine(runs, "cartpole-r-vs-f", "results.csv");
        Assert.True(File.Exists(results), $"no results.csv\n{transcript}");
        Assert.Equal(2, File.ReadAllLines(results).Count(l => l.StartsWith("run,", StringComparison.Ordinal))); // seed0 + seed1
        string text;
        lock (transcript) text = transcript.ToString();
        Assert.Contains("worker#1: worker akka.tcp://hades@127.0.0.1:", text);
        Assert.Contains("worker#2: worker akka.tcp://hades@127.0.0.1:", text);
    }

    static bool Healthy(string shell)
    {
        using var p = Process.Start(new ProcessStartInfo("sh", ["-c", shell]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.WaitForExit(5000);
        return p.HasExited && p.ExitCode == 0;
    }

    Process Start(string who, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> env)
    {
        var info = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir.Path,
        };
        foreach (var a in argv.Skip(1)) info.ArgumentList.Add(a);
        foreach (var (k, v) in env) info.Environment[k] = v;
        var p = Process.Start(info)!;
        processes.Add(p);
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (transcript) transcript.AppendLine($"{who}: {e.Data}"); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (transcript) transcript.AppendLine($"{who} (stderr): {e.Data}"); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    public void Dispose()
    {
        foreach (var p in processes)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        dir.Dispose();
    }
}
