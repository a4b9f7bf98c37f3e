using Hades.Actors.Campaigns;
using Hades.Core;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Campaigns;
using Hades.Core.Runs;
using Hades.Host.Commands;
using Hades.Host.Evaluation;

namespace Hades.Host.Hosting;

/// <summary>
/// Turns a campaign plan into the campaign actor's steps: HaDES experiments become population runs, the other kinds
/// jobs that read what they need from the needed experiments' run dirs (a distil experiment's teacher is the PPO run
/// dir it needs; a zero-shot experiment's inputs are the datasets of the HaDES experiments it needs, normalised by
/// the final evaluations of the PPO experiments it needs; a generalise experiment sweeps the dataset it needs). Each
/// job is resumable: PPO and distillation continue their own journals, zero-shot and generalise runs are pure
/// functions of their inputs and write their table last, and a job whose outputs exist returns at once.
/// </summary>
public static class CampaignStageJobs
{
    public const string ZeroShotFile = "zero-shot.csv";
    public const string GeneraliseFile = "generalisation.csv";

    public static IReadOnlyList<CampaignStep> Steps(CampaignPlan plan, CampaignDirectory folder, IReadOnlyList<RunDirectory> hadesDirs,
        int? finalEvalEpisodes, DistilRunner distil)
    {
        var index = plan.Stages.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var hades = plan.Experiments.Select((e, i) => (e.Name, i)).ToDictionary(x => x.Name, x => hadesDirs[x.i]);
        var byName = plan.Stages.ToDictionary(s => s.Name);
        return plan.Stages.Select(stage =>
        {
            int[] needs = stage.Needs.Select(n => index[n]).ToArray();
            var run = folder.Run(stage.Name);
            string where = $"{stage.Name}";
            if (stage.Kind == CampaignStageKind.Hades)
            {
                var population = new CampaignRun(stage.Name, hades[stage.Name], new HadesProblem(stage.Hades!));
                return new CampaignStep(stage.Name, needs, stage.PlanJson, population.Directory.RunId, population, null);
            }
            Func<CancellationToken, Task> job = stage.Kind switch
            {
                CampaignStageKind.Ppo => Ppo(PpoStage.Build(stage.Settings, where), run, finalEvalEpisodes),
                CampaignStageKind.Distil => Distil(DistilStage.Build(stage.Settings,
                    stage.Needs.Where(n => byName[n].Kind == CampaignStageKind.Ppo).Select(n => folder.Run(n).Path).SingleOrDefault(), where), run, distil),
                CampaignStageKind.ZeroShot => ZeroShot(ZeroShotStage.Read(stage.Settings, where), run,
                    stage.Needs.Where(n => byName[n].Kind == CampaignStageKind.Hades).Select(n => hades[n]).ToArray(),
                    stage.Needs.Where(n => byName[n].Kind == CampaignStageKind.Ppo).Select(folder.Run).ToArray()),
                CampaignStageKind.Generalise => Generalise(GeneraliseStage.Read(stage.Settings, where), run,
                    stage.Needs.Where(n => byName[n].Kind == CampaignStageKind.Hades).Select(n => hades[n]).Single()),
                _ => throw new HadesUserException($"{stage.Name}: unknown kind {stage.Kind}"),
            };
            return new CampaignStep(stage.Name, needs, stage.PlanJson, "", null, job);
        }).ToArray();
    }

    /// <param name="finalEpisodes">The campaign's --final-eval-episodes, else the experiment's saved setting.</param>
    static Func<CancellationToken, Task> Ppo(Core.Baselines.Ppo.PpoRunFile file, RunDirectory run, int? finalEpisodes) => async cancel =>
    {
        if (File.Exists(run.SummaryFile)) return;
        file.CreateOrMatch(run.Path);
        Check(await PpoCommand.Execute(file, run, Math.Max(1, finalEpisodes ?? file.FinalEvalEpisodes), quiet: true, cancel), cancel, "the PPO run failed");
    };

    static Func<CancellationToken, Task> Distil(Core.DataFree.DistilConfig config, RunDirectory run, DistilRunner distil) => async cancel =>
    {
        if (File.Exists(run.SummaryFile)) return;
        Check(await distil.Execute(config, run.Path, quiet: true, cancel, "Run the same command again to continue the campaign."), cancel, "the distillation run failed");
    };

    static Func<CancellationToken, Task> ZeroShot(ZeroShotStage settings, RunDirectory run, RunDirectory[] datasets, RunDirectory[] experts) => cancel =>
    {
        string table = Path.Combine(run.Path, ZeroShotFile);
        if (File.Exists(table)) return Task.CompletedTask;
        var expertReturns = experts.Select(e => RunSummary.Load(e.SummaryFile)).OfType<RunSummary>()
            .GroupBy(s => s.Task).ToDictionary(g => g.Key, g => g.Average(s => s.FinalEvalMean));
        var rows = ZeroShotEvaluation.Run(datasets.Select(d => DatasetSource.Open(d.Path)).ToArray(), settings.Learner, settings.Episodes, settings.Seed, expertReturns);
        cancel.ThrowIfCancellationRequested();
        Directory.CreateDirectory(run.Path);
        WriteLast(table, [ZeroShotEvaluation.CampaignCsvHeader, .. rows.Select(ZeroShotEvaluation.CampaignCsvLine)]);
        return Task.CompletedTask;
    };

    static Func<CancellationToken, Task> Generalise(GeneraliseStage settings, RunDirectory run, RunDirectory dataset) => cancel =>
    {
        if (File.Exists(Path.Combine(run.Path, GeneraliseFile))) return Task.CompletedTask;
        Directory.CreateDirectory(run.Path);
        GeneraliseCommand.Sweep(DatasetSource.Open(dataset.Path), settings, run.Path, cancel);
        cancel.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    };

    static void Check(int code, CancellationToken cancel, string failure)
    {
        if (code == 130 || cancel.IsCancellationRequested) throw new OperationCanceledException(cancel);
        if (code != 0) throw new HadesUserException(failure);
    }

    static void WriteLast(string file, IEnumerable<string> lines)
    {
        Core.Storage.AtomicFile.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));
    }
}
