using System.CommandLine;
using Hades.Core;
using Hades.Core.Runs;
using Hades.Host.Cli;
using Hades.Host.Dashboard;
using Hades.Host.Hosting;

namespace Hades.Host.Commands;

/// <summary>`hades seed`: the seed/population node of a cluster run; workers do the evaluation.</summary>
public sealed class SeedCommand : ICommand
{
    public string Name => "seed";
    public string Summary => "run as the cluster's seed/population node (workers evaluate)";
    public string Description => """
        Starts the first seed node of a Hades cluster (role "population") and runs the run in DIR as a
        cluster singleton, journalled to DIR/journal.db. Work goes to every node started with
        `hades worker --seed-node akka.tcp://hades@H:P`, which may join and leave at any time. If DIR already
        holds a run, it is continued from its journal (after a kill, start the seed again the same way).
        --run-dir is required; --final-eval-episodes scores the final dataset on this node. With
        --min-evaluators N the first generation waits until N worker nodes have joined.
        """;

    public void Declare(Command command)
    {
        command.AddOptions([RunOptions.RunDir, .. ClusterOptions.Seed, ClusterOptions.MinEvaluators, RunOptions.FinalEvalEpisodes, RunOptions.Quiet, .. DashboardOption.All, .. JournalOptions.All, .. Telemetry.MetricsOption.All]);
        ConfigOptions.All.AddTo(command);
    }

    public async Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        var runDir = a.ValueOrNull(RunOptions.RunDir) ?? throw new HadesUserException("'hades seed' needs --run-dir DIR");
        var run = new RunDirectory(runDir);
        var existing = run.HasRun ? run.ReadConfig() : null;
        var config = (ConfigOptions.Read(a, existing) with { FinalEvalEpisodes = a.FinalEvalEpisodesOr(existing?.FinalEvalEpisodes ?? 100) }).Validate();
        string? hostname = a.ValueOrNull(ClusterOptions.Hostname);
        int? port = a.NumberOrNull(ClusterOptions.SeedPort);
        var user = AkkaConfig.UserFile(a.ValueOrNull(ClusterOptions.AkkaConfigFile));
        bool localEvaluator = a.GetValue(ClusterOptions.LocalEvaluator);
        var askTimeout = ClusterOptions.AskTimeoutOf(a);
        var silenceLimit = ClusterOptions.SilenceLimitOf(a);
        int minEvaluators = a.NumberOrNull(ClusterOptions.MinEvaluators) ?? 1;
        int finalEpisodes = config.FinalEvalEpisodes;
        bool quiet = a.GetValue(RunOptions.Quiet);
        var journal = JournalOptions.Read(a, run);
        var dashboardOptions = DashboardOption.Read(a, run.Path);
        var metricsOptions = Telemetry.MetricsOption.Read(a);
        RemotingPort.EnsureFree(AkkaConfig.ClusterNode("seed.conf", hostname, port, [ClusterRoles.Population], null, user: user)); // before the run dir is touched
        await using var dashboard = await DashboardOption.StartAsync(dashboardOptions);
        using var metrics = Telemetry.MetricsOption.Start(metricsOptions, quiet);
        run.CheckJournalKind(journal.Kind);
        journal.EnsureReachable();
        var guard = run.HasRun ? RunGuard.ForHades(run, journal, config.Generations) : null; // an existing run dir: check it before anything is written
        MemoryCheck.Hades(config);
        run.CreateOrMatch(config);
        run.RecordJournalKind(journal.Kind);
        (guard ?? RunGuard.ForHades(run, journal, config.Generations)).Record();

        return await RunCommand.Execute(run, config, finalEpisodes, quiet, cancel, Seed, dashboard?.Feed);

        async Task<Hosting.RunOutcome> Seed(Core.BehaviourDistillation.HadesProblem problem, RunDirectory r, Action<Actors.Messages.GenerationReported> onGeneration, CancellationToken token)
        {
            SeedNode seed;
            try
            {
                seed = SeedNode.Start(problem, r, onGeneration, hostname, port, localEvaluator, askTimeout, user, journal, minEvaluators, silenceLimit);
            }
            catch (Exception e) when (e.GetBaseException() is System.Net.Sockets.SocketException se)
            {
                throw new HadesUserException($"cannot listen on {hostname ?? "the configured address"}:{port?.ToString() ?? "the configured port"} ({se.Message})");
            }
            await using (seed)
            {
                dashboard?.Feed.AttachCluster(r.Path, new ClusterProbe(seed.System));
                if (!quiet) System.Console.WriteLine($"seed node {seed.Address}: start workers with `hades worker --seed-node {seed.Address}`");
                var cancelled = Task.Delay(Timeout.Infinite, token).ContinueWith(_ => (RunOutcome)new RunOutcome.Interrupted());
                return await await Task.WhenAny(seed.Outcome, cancelled);
            }
        }
    }
}
