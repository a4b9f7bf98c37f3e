using System.Globalization;
using Hades.Actors.Persistence;
using Hades.Core;
using Hades.Core.Campaigns;
using Hades.Core.Runs;
using Hades.Host.Cli;
using Hades.Host.Hosting;

namespace Hades.Host.Commands;

/// <summary>
/// `hades campaign FILE` for a file marked <c>"kind": "distil"</c>: the experiments run one after another, each a
/// journalled <see cref="Actors.DataFree.DistilRunActor"/> run in <c>&lt;campaign dir&gt;/&lt;experiment&gt;/</c> (its own
/// journal.db). An experiment with summary.json is done and skipped on a re-run; the one in flight resumes from its
/// journal. No campaign-level journal is needed: the run dirs are the campaign's state. An experiment that fails is
/// marked failed beside its run dir (<see cref="ExperimentFailure"/>) until the same command tries it again.
/// </summary>
public static class DistilCampaign
{
    public static async Task<int> RunAsync(string file, System.CommandLine.ParseResult a, DistilRunner runner, CancellationToken cancel)
    {
        var plan = DistilCampaignPlan.Read(file);
        a.RejectUnless("campaign", "with a distillation campaign file (only --campaign-dir and --quiet apply)", CampaignCommand.CampaignDir, RunOptions.Quiet);
        var folder = new CampaignDirectory(a.ValueOrNull(CampaignCommand.CampaignDir) ?? Path.Combine("runs", plan.Name));
        bool quiet = a.GetValue(RunOptions.Quiet);
        Prepare(file, plan, folder);
        var output = runner.Out;
        output.WriteLine($"campaign {plan.Name} (data-free distillation): {plan.Experiments.Count} experiments → {folder.Path}");
        for (int i = 0; i < plan.Experiments.Count; i++)
        {
            var e = plan.Experiments[i];
            var run = folder.Run(e.Name);
            string what = $"{DistilRunFile.MethodLabel(e.Config)} on {e.Config.Task}, seed {e.Config.Seed.ToString(CultureInfo.InvariantCulture)}";
            if (File.Exists(run.SummaryFile))
            {
                output.WriteLine($"experiment {i + 1}/{plan.Experiments.Count} {e.Name}: done ({what}), skipped");
                continue;
            }
            output.WriteLine($"experiment {i + 1}/{plan.Experiments.Count} {e.Name}: {what}");
            ExperimentFailure.Clear(run.Path); // tried again: no longer failed
            int code;
            try
            {
                code = await runner.Execute(e.Config, run.Path, quiet, cancel, "Run the same command again to continue the campaign."); // marks a failed run
            }
            catch (HadesUserException x) { throw new HadesUserException($"{e.Name}: {x.Message}"); } // refused input, not a failed run
            if (code != 0) return code;
            if (cancel.IsCancellationRequested)
            {
                runner.Err.WriteLine("hades: interrupted; run the same command again to continue the campaign");
                return 130;
            }
        }
        WriteResults(folder, plan);
        var entries = ResultsReport.Collect([folder.Path]);
        Core.Storage.AtomicFile.WriteAllText(Path.Combine(folder.Path, "report.md"), ResultsReport.Markdown(entries, $"Campaign {plan.Name} (data-free distillation)") +
            "\n## Experiments\n\n" + string.Concat(plan.Experiments.Select(e =>
                $"- [{e.Name}]({e.Name}/report.md): {DistilRunFile.MethodLabel(e.Config)} on {e.Config.Task}, seed {e.Config.Seed}\n")));
        output.WriteLine($"done: {plan.Experiments.Count} experiments; results in {Path.Combine(folder.Path, "results.csv")} and report.md");
        return 0;
    }

    /// <summary>Creates the campaign folder (campaign.json written last) or checks that it holds the same file; checks
    /// every experiment's run dir before writing any distil.json.</summary>
    static void Prepare(string file, DistilCampaignPlan plan, CampaignDirectory folder)
    {
        string text = File.ReadAllText(file);
        if (folder.Exists)
        {
            if (File.ReadAllText(folder.PlanFile) != text)
                throw new HadesUserException($"campaign dir {folder.Path} holds a different campaign file (see its campaign.json); use another --campaign-dir");
        }
        else if (Directory.Exists(folder.Path) && Directory.EnumerateFileSystemEntries(folder.Path).Any(e => !e.EndsWith(".tmp", StringComparison.Ordinal)))
            throw new HadesUserException($"campaign dir {folder.Path} is not empty and holds no campaign; choose a new --campaign-dir");
        foreach (var e in plan.Experiments) DistilRunFile.Check(e.Config, folder.Run(e.Name).Path);
        if (!folder.Exists)
        {
            Directory.CreateDirectory(folder.Path);
            Core.Storage.AtomicFile.WriteAllText(folder.PlanFile, text);
        }
    }

    /// <summary>results.csv: one row per experiment with its settings, final score and the measured environment steps and
    /// training images read during distillation (empty until the experiment has finished).</summary>
    static void WriteResults(CampaignDirectory folder, DistilCampaignPlan plan)
    {
        var lines = new List<string> { "experiment,task,method,seed,steps,batch_size,final_score,distill_seconds,env_steps,training_images_read,run_dir" };
        foreach (var e in plan.Experiments)
        {
            var run = folder.Run(e.Name);
            var summary = RunSummary.Load(run.SummaryFile);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{e.Name},{e.Config.Task},\"{DistilRunFile.MethodLabel(e.Config)}\",{e.Config.Seed},{e.Config.Steps},{e.Config.BatchSize},{summary?.FinalEvalMean:0.####},{summary?.DistillSeconds:0.#},{summary?.EnvSteps},{summary?.TrainingImagesRead},{run.Path}"));
        }
        Core.Storage.AtomicFile.WriteAllText(Path.Combine(folder.Path, "results.csv"), string.Join('\n', lines) + "\n");
    }

    /// <summary>`hades status` on a distillation campaign: each experiment as done, running (chunks journalled) or pending.</summary>
    public static void ShowStatus(CampaignDirectory folder, TextWriter output)
    {
        var plan = DistilCampaignPlan.Read(folder.PlanFile);
        int done = plan.Experiments.Count(e => File.Exists(folder.Run(e.Name).SummaryFile));
        output.WriteLine($"campaign {plan.Name} ({folder.Path}, data-free distillation): {done}/{plan.Experiments.Count} experiments finished");
        foreach (var e in plan.Experiments)
        {
            var run = folder.Run(e.Name);
            long chunks = ChunksDone(run);
            string? error = File.Exists(run.SummaryFile) ? null : ExperimentFailure.Read(run.Path);
            string state = File.Exists(run.SummaryFile) ? "done" : error is not null ? "failed" : chunks > 0 ? "running" : "pending";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {e.Name,-24} {state,-8} {chunks}/{e.Config.Chunks} chunks{LastScore(run)}{(error is null ? "" : $"; failed: {error}")}"));
        }
    }

    /// <summary>`hades status` on a distillation run dir.</summary>
    public static void ShowRunStatus(RunDirectory run, TextWriter output)
    {
        var config = DistilRunFile.Read(run.Path);
        long chunks = ChunksDone(run);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run.Path}: {config.Task}, {DistilRunFile.MethodLabel(config)}, seed {config.Seed}: {chunks}/{config.Chunks} chunks{(chunks >= config.Chunks ? " (finished)" : "")}{LastScore(run)}{StatusCommand.FailureOf(run, chunks >= config.Chunks)}"));
    }

    /// <summary>One journal event per chunk: the highest sequence number is the number of finished chunks.</summary>
    static long ChunksDone(RunDirectory run) => JournalProgress.FromSqlite(run.JournalFile).GetValueOrDefault(EmbeddedDistilRun.PersistenceId);

    static string LastScore(RunDirectory run)
    {
        if (!File.Exists(run.MetricsFile)) return "";
        var last = File.ReadLines(run.MetricsFile).Skip(1).LastOrDefault();
        return last is null ? "" : $", last score {last.Split(',')[3]}";
    }
}
