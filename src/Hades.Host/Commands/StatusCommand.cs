using System.CommandLine;
using System.Globalization;
using Hades.Actors.Persistence;
using Hades.Core;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Campaigns;
using Hades.Core.Runs;
using Hades.Host.Cli;
using Hades.Host.Hosting;

namespace Hades.Host.Commands;

/// <summary>`hades status DIR`: progress of a run or a campaign, read from its journal.</summary>
public sealed class StatusCommand : ICommand
{
    public string Name => "status";
    public string Summary => "show a run's or a campaign's progress (from the journal)";
    public string Description => """
        Reads the journal (SQLite in the folder, or PostgreSQL) and prints, for a run, its finished
        generations (and the error of its last session when that failed); for a campaign, every experiment as done, running (with its generation), pending, or
        failed with the error its campaign recorded (the same command retries it).
        Data-free distillation runs and campaigns (distil.json, "kind": "distil") show finished chunks.
        PPO run dirs (ppo.json) show finished iterations. It only reads (a journal left hot by a kill is read
        from a copy), so a run or campaign may be going on meanwhile; a run dir whose settings no longer match
        its journal is reported as an error.
        """;

    static readonly Argument<string[]> Target = Opt.Positionals("RUN_DIR|CAMPAIGN_DIR", "a run dir or a campaign dir", max: 1);

    public void Declare(Command command)
    {
        command.Add(Target);
        command.AddOptions(JournalOptions.All);
    }

    public Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        string target = a.ExpectPositionals(Name, 1, "a run dir or a campaign dir")[0];
        var campaign = new CampaignDirectory(target);
        if (campaign.Exists && DistilCampaignPlan.IsDistilFile(campaign.PlanFile))
        {
            a.RejectUnless(Name, "on a distillation campaign");
            DistilCampaign.ShowStatus(campaign, System.Console.Out);
            return Task.FromResult(0);
        }
        if (campaign.Exists)
        {
            var journal = JournalOptions.Read(a, campaign.JournalKind);
            CampaignCommand.Guard(campaign, CampaignPlan.Read(campaign.PlanFile), journal);
            ShowCampaign(campaign, Progress(journal, campaign.JournalFile));
            return Task.FromResult(0);
        }
        var run = new RunDirectory(target);
        if (DistilRunFile.ExistsIn(target))
        {
            a.RejectUnless(Name, "on a distillation run dir");
            RunGuard.ForActorRun(run, Path.Combine(run.Path, DistilRunFile.FileName), EmbeddedDistilRun.PersistenceId);
            DistilCampaign.ShowRunStatus(run, System.Console.Out);
            return Task.FromResult(0);
        }
        if (PpoRunFile.ExistsIn(target))
        {
            a.RejectUnless(Name, "on a PPO run dir");
            var ppo = PpoRunFile.Read(target);
            long iterations = RunGuard.ForActorRun(run, Path.Combine(run.Path, PpoRunFile.FileName), EmbeddedPpoRun.PersistenceId).Events;
            bool ppoFinished = iterations >= ppo.Iterations;
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run.Path}: PPO on {ppo.Ppo.Task}, seed {ppo.Ppo.Seed}: {iterations}/{ppo.Iterations} iterations{(ppoFinished ? " (finished)" : "")}{LastEval(run)}{FailureOf(run, ppoFinished)}"));
            return Task.FromResult(0);
        }
        var config = run.ReadConfig();
        if (run.JournalKind == JournalChoice.Campaign)
            throw new HadesUserException($"{run.Path} is part of a campaign; run `hades status` on the campaign dir");
        var runJournal = JournalOptions.Read(a, run);
        run.CheckJournalKind(runJournal.Kind);
        long done = RunGuard.ForHades(run, runJournal, config.Generations).Events;
        bool finished = done >= config.Generations, solved = !finished && SolvedEarly(run, config);
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run.Path}: {config.Task}, {config.MethodLabel}, seed {config.Seed}: {done}/{config.Generations} generations{(finished ? " (finished)" : solved ? " (finished: solved, stop-when-solved)" : "")}{LastEval(run)}{FailureOf(run, finished || solved)}"));
        return Task.FromResult(0);
    }

    static IReadOnlyDictionary<string, long> Progress(JournalChoice journal, string sqliteFile) =>
        journal.Kind == JournalChoice.Sqlite ? JournalProgress.FromSqlite(sqliteFile) : JournalProgress.FromPostgres(journal.ConnectionString!);

    static bool SolvedEarly(RunDirectory run, Core.BehaviourDistillation.HadesConfig config) =>
        config.StopWhenSolved > 0 && File.Exists(run.MetricsFile)
        && Core.BehaviourDistillation.RunState.StoppedSolved(config, Dashboard.MetricsReader.Read(run.MetricsFile));

    static string LastEval(RunDirectory run)
    {
        if (!File.Exists(run.MetricsFile)) return "";
        var last = File.ReadLines(run.MetricsFile).Skip(1).LastOrDefault();
        return last is null ? "" : $", last eval return {last.Split(',')[3]}";
    }

    static string Failure(string? error) => error is null ? "" : $"; failed: {error}";

    /// <summary>"; failed: error" for a run whose last session ended in an error (its mark), "" for a finished one.</summary>
    internal static string FailureOf(RunDirectory run, bool finished) => finished ? "" : Failure(ExperimentFailure.Read(run.Path));

    static void ShowCampaign(CampaignDirectory campaign, IReadOnlyDictionary<string, long> progress)
    {
        var plan = CampaignPlan.Read(campaign.PlanFile);
        // one ExperimentFinished event per finished experiment after the plan event, in whatever order they finished
        long finished = Math.Max(0, progress.GetValueOrDefault($"campaign-{plan.Name}") - 1);
        System.Console.WriteLine($"campaign {plan.Name} ({campaign.Path}): {finished}/{plan.Stages.Count} experiments finished");
        foreach (var stage in plan.Stages)
        {
            var run = campaign.Run(stage.Name);
            if (stage.Hades is { } config)
            {
                long generations = File.Exists(run.RunIdFile) ? progress.GetValueOrDefault(run.PersistenceId) : 0;
                bool finishedRun = generations >= config.Generations;
                string? error = finishedRun ? null : ExperimentFailure.Read(run.Path);
                string state = finishedRun ? "done" : error is not null ? "failed" : generations > 0 ? "running" : "pending";
                System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {stage.Name,-24} {state,-8} {generations}/{config.Generations} generations{LastEval(run)}{Failure(error)}"));
                continue;
            }
            string marker = stage.Kind switch
            {
                CampaignStageKind.ZeroShot => Path.Combine(run.Path, CampaignStageJobs.ZeroShotFile),
                CampaignStageKind.Generalise => Path.Combine(run.Path, CampaignStageJobs.GeneraliseFile),
                _ => run.SummaryFile,
            };
            string? stageError = File.Exists(marker) ? null : ExperimentFailure.Read(run.Path);
            string stageState = File.Exists(marker) ? "done" : stageError is not null ? "failed" : Directory.Exists(run.Path) ? "running" : "pending";
            string needs = stage.Needs.Count > 0 ? $" (needs {string.Join(", ", stage.Needs)})" : "";
            System.Console.WriteLine($"  {stage.Name,-24} {stageState,-8} {stage.Kind}{needs}{Failure(stageError)}");
        }
    }
}
