using System.CommandLine;
using System.Globalization;
using Hades.Core;
using Hades.Core.Campaigns;
using Hades.Core.Runs;
using Hades.Host.Cli;
using Hades.Host.Console;
using Hades.Host.Dashboard;
using Hades.Host.Hosting;

using Hades.Host.Evaluation;

namespace Hades.Host.Commands;

/// <summary>`hades campaign FILE`: a persistent, resumable queue of experiments.</summary>
public sealed class CampaignCommand(DistilRunner? distil = null) : ICommand
{
    readonly DistilRunner distil = distil ?? new DistilRunner();

    public string Name => "campaign";
    public string Summary => "run a campaign file (tasks × seeds × methods), resumable";
    public string Description => """
        Runs the experiments of a campaign file, up to --parallel at once, and journals each finished one; run
        the same command again after a kill or Ctrl-C and it carries on where it stopped (experiments in
        flight resume from their own journals; finished ones are not redone). With --port this process is a
        cluster seed and `hades worker --seed-node akka.tcp://hades@H:P` nodes do the evaluation.

        Campaign file (JSON):
          {
            "name": "cartpole-seeds",
            "base": { "task": "cartpole", "generations": 20 },
            "grid": { "seed": [0, 1, 2], "mode": ["R", "F"] },
            "experiments": [ { "name": "acrobot", "task": "acrobot", "dataset_size": 6 } ]
          }
        "base", each grid point and each listed experiment use the keys of a run's config.json.

        Multi-stage campaigns: a listed experiment may have
          "kind"   hades (default) | ppo (ppo.json keys + env_steps, iterations, eval_every) | distil (distil.json
                   keys; its teacher is the PPO experiment it needs) | zero-shot (hidden, activation, inner_steps,
                   inner_lr, episodes, seed; trains one agent on the datasets of the HaDES experiments it needs,
                   normalised by the PPO experiments it needs) | generalise (episodes, widths, depths, activations,
                   lrs, steps, seed; sweeps the dataset of the one HaDES experiment it needs)
          "grid"   its own grid: one experiment per point, named <name>-<point> (e.g. expert-taskcartpole-seed0)
          "needs"  experiment names, or a grid entry's name = all its experiments that agree on the grid keys
                   both share (zs with "grid": {"seed": [0]} needing "data" gets data-…-seed0 of every task)
        An experiment starts when everything it needs has finished. "parallel": N in the file sets the default
        of --parallel. "base" applies to HaDES experiments only. See examples/zero-shot-campaign.json.

        When all experiments are done it writes results.csv and results.md (per (task, method, budget): mean ±
        standard error and n over seeds, zero-shot normalised scores, then one row per run), each run's
        summary.json/report.md and the campaign's report.md (`hades report DIR` tabulates any set of runs and campaigns).

        Data-free distillation campaigns: a file with "kind": "distil" (at the top level or in "base") holds
        distil.json keys (see hades distil --help) and expands the same way, e.g.
          { "name": "df-cartpole", "kind": "distil", "base": { "task": "cartpole" },
            "grid": { "method": ["gas", "uniform", "rollouts"], "seed": [0, 1, 2] } }
        Its experiments run one after another in this process, each a journalled run in <campaign-dir>/<name>/
        with its own journal.db (the run dirs are the campaign's state: no campaign journal). A finished
        experiment (summary.json) is skipped when the command runs again and the one in flight resumes from
        its last chunk. At the end: results.csv and report.md. Only --campaign-dir and --quiet apply.
        """;

    internal static readonly Option<string> CampaignDir = Opt.String("campaign-dir", "DIR", "where the runs go (default: runs/<name>)");
    static readonly Option<int> Parallel = Opt.Int("parallel", "experiments at once, sharing the evaluators: without worker nodes, this process's one evaluator, which runs on the torch thread count (OMP_NUM_THREADS; default: the file's \"parallel\", else 1)",
        v => v >= 1 ? null : $"--parallel must be a positive integer (got {v})");
    static readonly Argument<string[]> File_ = Opt.Positionals("FILE", "the campaign file (JSON)", max: 1);

    public void Declare(Command command)
    {
        command.Add(File_);
        command.AddOptions([CampaignDir, Parallel, .. ClusterOptions.Seed, RunOptions.FinalEvalEpisodes, RunOptions.Quiet, .. DashboardOption.All, .. JournalOptions.All, .. Telemetry.MetricsOption.All]);
    }

    /// <summary>The campaign's campaign.json bound to its journal (persistence id campaign-NAME).</summary>
    internal static RunGuard Guard(CampaignDirectory folder, CampaignPlan plan, JournalChoice journal) =>
        RunGuard.Verify(folder.Path, journal, folder.JournalFile, folder.PlanFile, $"campaign-{plan.Name}", [], null,
            exclusiveStore: false, plan.Experiments.Any(e => RunGuard.ShowsProgress(folder.Run(e.Name))));

    public async Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        string file = a.ExpectPositionals(Name, 1, "a campaign file")[0];
        if (DistilCampaignPlan.IsDistilFile(file)) return await DistilCampaign.RunAsync(file, a, distil, cancel);
        var plan = CampaignPlan.Read(file);
        int parallel = a.NumberOrNull(Parallel) ?? plan.Parallel;
        if (parallel < 1) throw new HadesUserException($"--parallel must be a positive integer (got {parallel})");
        var folder = new CampaignDirectory(a.ValueOrNull(CampaignDir) ?? Path.Combine("runs", plan.Name));
        var journal = JournalOptions.Read(a, folder.JournalKind);
        int? port = a.NumberOrNull(ClusterOptions.SeedPort);
        string? hostname = a.ValueOrNull(ClusterOptions.Hostname);
        var user = AkkaConfig.UserFile(a.ValueOrNull(ClusterOptions.AkkaConfigFile));
        bool localEvaluator = a.GetValue(ClusterOptions.LocalEvaluator);
        var askTimeout = ClusterOptions.AskTimeoutOf(a);
        var silenceLimit = ClusterOptions.SilenceLimitOf(a);
        bool quiet = a.GetValue(RunOptions.Quiet);
        int? finalEpisodes = a.NumberOrNull(RunOptions.FinalEvalEpisodes);
        var dashboardOptions = DashboardOption.Read(a, folder.Path);
        var metricsOptions = Telemetry.MetricsOption.Read(a);
        foreach (var experiment in plan.Experiments) MemoryCheck.Hades(experiment.Config);
        journal.EnsureReachable();
        if (port is not null) RemotingPort.EnsureFree(AkkaConfig.ClusterNode("seed.conf", hostname, port, [ClusterRoles.Population], null, user: user));
        var guard = folder.Exists ? Guard(folder, plan, journal) : null; // an existing campaign: checked before anything is written
        await using var dashboard = await DashboardOption.StartAsync(dashboardOptions);
        using var metrics = Telemetry.MetricsOption.Start(metricsOptions, quiet);
        var runDirs = folder.Prepare(file, plan, journal);
        (guard ?? Guard(folder, plan, journal)).Record();

        var steps = CampaignStageJobs.Steps(plan, folder, runDirs, finalEpisodes);

        System.Console.WriteLine($"campaign {plan.Name}: {plan.Stages.Count} experiments{(parallel > 1 ? $", up to {parallel} at once" : "")} → {folder.Path}");
        var cluster = port is { } p ? new CampaignHost.ClusterOptions(hostname, p, localEvaluator, askTimeout, user, SilenceLimit: silenceLimit) : null;
        var outcome = await CampaignHost.RunAsync(plan, folder, steps, parallel, journal, cluster, CampaignProgressView.Create(System.Console.Out, quiet),
            address => System.Console.WriteLine($"seed node {address}: start workers with `hades worker --seed-node {address}`"),
            (work, stop) => CampaignStageJobs.Run(work, distil, stop), cancel);
        switch (outcome)
        {
            case CampaignOutcome.Interrupted:
                System.Console.Error.WriteLine($"hades: interrupted; run the same command again to continue the campaign");
                return 130;
            case CampaignOutcome.Failed failed:
                System.Console.Error.WriteLine(FailureLine(failed));
                return 1;
        }
        for (int i = 0; i < runDirs.Count && !cancel.IsCancellationRequested; i++)
        {
            var config = plan.Experiments[i].Config;
            int episodes = finalEpisodes ?? config.FinalEvalEpisodes; // the flag, else the campaign file's (saved) setting
            if (episodes > 0 && !File.Exists(runDirs[i].SummaryFile))
            {
                var problem = new Core.BehaviourDistillation.HadesProblem(config);
                var result = FinalEvaluation.Run(problem, runDirs[i], episodes);
                if (!quiet) System.Console.WriteLine($"  {plan.Experiments[i].Name}: {FinalEvaluation.Describe(problem, result)}");
            }
        }
        WriteResults(folder, plan, runDirs);
        var entries = ResultsReport.Collect([folder.Path]);
        if (plan.Experiments.Count > 0)
            Core.Campaigns.CampaignSeeds.WritePlot(folder.Path, plan.Name,
                Core.Campaigns.CampaignSeeds.Groups(plan.Experiments, i => Dashboard.MetricsReader.Read(runDirs[i].MetricsFile)));
        if (entries.Count > 0) Core.Storage.AtomicFile.WriteAllText(Path.Combine(folder.Path, "report.md"), ResultsReport.Markdown(entries, $"Campaign {plan.Name}")
            + (plan.Experiments.Count > 0 ? $"\n![eval return per generation, mean ± sd over seeds]({Core.Campaigns.CampaignSeeds.PictureFile})\n" : "")
            + ExperimentLinks(plan, runDirs, folder));
        System.Console.WriteLine($"done: {plan.Stages.Count} experiments; results in {Path.Combine(folder.Path, "results.csv")}, results.md{(entries.Count > 0 ? " and report.md" : "")}");
        return 0;
    }

    /// <summary>The one stderr line of a failed campaign; a failed experiment's says where its mark is and how to retry it.</summary>
    internal static string FailureLine(CampaignOutcome.Failed failed) => $"hades: error: {failed.Reason}" + (failed.Experiment is { } experiment
        ? $" (marked failed: {experiment}{ExperimentFailure.Suffix}; the same command again retries it)" : "");

    static string ExperimentLinks(CampaignPlan plan, IReadOnlyList<RunDirectory> runs, CampaignDirectory folder) =>
        "\n## Experiments\n\n" + string.Concat(plan.Experiments.Select((e, i) =>
            $"- [{e.Name}]({Path.GetRelativePath(folder.Path, runs[i].ReportFile)}): {e.Config.MethodLabel} on {e.Config.Task}, seed {e.Config.Seed}\n"));

    /// <summary>results.csv and results.md: per-run rows and per-(task, method, budget) means over seeds
    /// (<see cref="CampaignResults"/>).</summary>
    static void WriteResults(CampaignDirectory folder, CampaignPlan plan, IReadOnlyList<RunDirectory> runs)
    {
        var rows = CampaignResultRows.Collect(plan, folder, runs);
        Core.Storage.AtomicFile.WriteAllText(Path.Combine(folder.Path, "results.csv"), CampaignResults.Csv(rows));
        Core.Storage.AtomicFile.WriteAllText(Path.Combine(folder.Path, "results.md"), CampaignResults.Markdown(rows, $"Campaign {plan.Name}: results"));
    }
}
