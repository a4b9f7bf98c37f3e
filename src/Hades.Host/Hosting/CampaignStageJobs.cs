using System.Text.Json;
using System.Text.Json.Nodes;
using Hades.Actors.Campaigns;
using Hades.Actors.Messages;
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
/// functions of their inputs and write their table last, and a job whose outputs exist returns at once. A stage
/// travels to a trainer as a <see cref="StageWork"/> whose spec (<see cref="StageSpec"/>, JSON) names everything the
/// job reads, so any node that sees the campaign dir rebuilds the same job (<see cref="Run"/>).
/// </summary>
public static class CampaignStageJobs
{
    public const string ZeroShotFile = "zero-shot.csv";
    public const string GeneraliseFile = "generalisation.csv";

    /// <summary>What a stage's job reads: its kind and settings, its run dir, the run dirs of the experiments it needs
    /// (HaDES datasets, PPO experts or teacher), and the campaign's --final-eval-episodes (null: the stage's own).</summary>
    public sealed record StageSpec(string Kind, string Settings, string RunDir, string[] DatasetDirs, string[] ExpertDirs, int? FinalEvalEpisodes)
    {
        public string ToJson() => JsonSerializer.Serialize(this);
        public static StageSpec FromJson(string json) => JsonSerializer.Deserialize<StageSpec>(json)
            ?? throw new HadesUserException("a stage spec is empty");
    }

    /// <summary>Runs a stage that a trainer was given (on whichever node holds the trainer).</summary>
    public static Task Run(StageWork work, DistilRunner distil, CancellationToken cancel) =>
        Job(work.Name, StageSpec.FromJson(work.SpecJson), distil)(cancel);

    public static IReadOnlyList<CampaignStep> Steps(CampaignPlan plan, CampaignDirectory folder, IReadOnlyList<RunDirectory> hadesDirs,
        int? finalEvalEpisodes)
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
            var spec = new StageSpec(stage.Kind, stage.SettingsJson, Path.GetFullPath(run.Path),
                stage.Needs.Where(n => byName[n].Kind == CampaignStageKind.Hades).Select(n => Path.GetFullPath(hades[n].Path)).ToArray(),
                stage.Needs.Where(n => byName[n].Kind == CampaignStageKind.Ppo).Select(n => Path.GetFullPath(folder.Run(n).Path)).ToArray(),
                finalEvalEpisodes);
            Job(stage.Name, spec, new DistilRunner()); // checks the settings now, before the campaign starts
            return new CampaignStep(stage.Name, needs, stage.PlanJson, "", null,
                new StageWork(plan.Name, index[stage.Name], stage.Name, spec.RunDir, spec.ToJson()));
        }).ToArray();
    }

    static Func<CancellationToken, Task> Job(string where, StageSpec spec, DistilRunner distil)
    {
        var settings = JsonNode.Parse(spec.Settings)?.AsObject() ?? throw new HadesUserException($"{where}: no settings");
        var run = new RunDirectory(spec.RunDir);
        var datasets = spec.DatasetDirs.Select(d => new RunDirectory(d)).ToArray();
        var experts = spec.ExpertDirs.Select(d => new RunDirectory(d)).ToArray();
        return spec.Kind switch
        {
            CampaignStageKind.Ppo => Ppo(PpoStage.Build(settings, where), run, spec.FinalEvalEpisodes),
            CampaignStageKind.Distil => Distil(DistilStage.Build(settings, experts.Select(e => e.Path).SingleOrDefault(), where), run, distil),
            CampaignStageKind.ZeroShot => ZeroShot(ZeroShotStage.Read(settings, where), run, datasets, experts),
            CampaignStageKind.Generalise => Generalise(GeneraliseStage.Read(settings, where), run, datasets.Single()),
            var kind => throw new HadesUserException($"{where}: unknown kind {kind}"),
        };
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
        string failure = "the distillation run failed";
        int code = await distil.Execute(config, run.Path, quiet: true, cancel, "Run the same command again to continue the campaign.",
            reason => failure = $"the distillation run failed: {reason}");
        Check(code, cancel, failure);
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
