using System.Globalization;
using System.Text;
using Hades.Core.BehaviourDistillation;

namespace Hades.Core.Runs;

/// <summary>
/// <c>report.md</c> in a run dir: a static page with the run's settings, its progress, the final evaluation
/// (once summary.json exists) and its pictures, rewritten with the outputs every generation.
/// </summary>
public static class RunReport
{
    public static void Write(RunDirectory run, HadesConfig config, IReadOnlyList<GenerationRecord> history)
    {
        var summary = RunSummary.Load(run.SummaryFile);
        var sb = new StringBuilder();
        sb.Append($"# {config.MethodLabel} on {config.Task}, seed {config.Seed}\n\n");
        sb.Append(string.Create(CultureInfo.InvariantCulture, $"Progress: {history.Count}/{config.Generations} generations"));
        if (history.Count > 0)
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"; last mean fitness {history[^1].MeanFitness:0.##}, best candidate so far {history.Max(h => h.MaxFitness):0.##}, last eval return {history[^1].EvalReturn:0.##}; {history.Sum(h => h.Seconds):0} s of generations; {history.Sum(h => h.EnvSteps):N0} environment steps"));
        sb.Append(".\n\n");
        if (summary is not null)
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"**Final evaluation**: {summary.FinalEvalMean:0.##} ± {summary.FinalEvalStd:0.##} (sd) over {summary.FinalEvalEpisodes} episodes ({config.ResultPlayer}); budget {summary.Budget}; {summary.EnvSteps:N0} environment steps; {summary.DistillSeconds:0} s.\n\n"));
        if (summary is { BestGeneration: int bestGeneration, BestFinalEvalMean: double bestMean })
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"**Best result so far** (generation {bestGeneration}, eval return {summary.BestEvalReturn:0.##} there; {(config.IsDirectEs ? "best-policy.npz" : "[best-dataset.json](best-dataset.json)")}): {bestMean:0.##} ± {summary.BestFinalEvalStd:0.##} (sd) in the same final evaluation.\n\n"));
        if (summary?.GeneralisationScore is { } score)
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"**Generalisation score**: {score:0.000}: the fraction of {summary.GeneralisationPairs} (learner, init) pairs of the standard learner grid (`{Training.LearnerSpace.StandardGridText}`, {GeneralisationScore.DefaultInits} fresh inits each, one episode each) whose policy trained on the dataset reaches the solved threshold {Envs.SolvedThresholds.For(config.Task):0.##}.\n\n"));
        sb.Append("![fitness](fitness.png)\n\n");
        if (!config.IsDirectEs) sb.Append("![dataset](dataset.png)\n\n");
        sb.Append("Files: ").Append(config.IsDirectEs ? "[policy.npz](policy.npz), best-policy.npz" : "[dataset.json](dataset.json), [dataset.npz](dataset.npz), [best-dataset.json](best-dataset.json), [best-dataset.npz](best-dataset.npz)")
            .Append(", [metrics.csv](metrics.csv), [config.json](config.json), TensorBoard: `tensorboard --logdir tensorboard`.\n\n");
        sb.Append("## Settings\n\n| key | value |\n|---|---|\n");
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(config.ToJson())!.AsObject())
            sb.Append($"| {key} | {value?.ToJsonString().Trim('"')} |\n");
        Storage.AtomicFile.WriteAllText(run.ReportFile, sb.ToString());
    }
}
