using Hades.Core.Datasets;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Random;
using Hades.Core.Runs;

namespace Hades.Host.Evaluation;

/// <summary>Scores a finished run's result (dataset or direct-ES policy) and records it in summary.json and report.md.</summary>
public static class FinalEvaluation
{
    public const int MaxImageInits = 10;

    /// <summary>The one-line description of a final evaluation, in the task's terms.</summary>
    public static string Describe(HadesProblem problem, DatasetEvaluation.Result r) => problem.Images is not null
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"test accuracy {r.Mean:0.00}% ± {r.Std:0.00} (min {r.Min:0.00}, max {r.Max:0.00}) over {r.Episodes} fresh CNNs trained on the images, scored on the 10k test split")
        : DatasetEvaluation.Describe(r, problem.Config.ResultPlayer);

    /// <summary>Evaluates and records the result. The summary's wall time is the sum of the generations' times in
    /// metrics.csv, so a run resumed after kills reports the time its generations took, not the last process's.</summary>
    public static DatasetEvaluation.Result Run(HadesProblem problem, RunDirectory run, int episodes)
    {
        var history = Dashboard.MetricsReader.Read(run.MetricsFile);
        double distillSeconds = history.Sum(h => h.Seconds);
        var config = problem.Config;
        var final = problem.Direct is not null ? new PolicyFiles(run).Read() : DatasetJson.Read(run.DatasetFile).ToParameters(problem.Layout);
        // image tasks: one fresh CNN per "episode", scored on the test split; at most MaxImageInits of them
        if (problem.Images is not null) episodes = Math.Min(episodes, MaxImageInits);
        ulong seed = CounterRng.Key(config.Seed, 0x46494E414CUL);
        var result = DatasetEvaluation.Summarise(problem.EvaluateResult(final, episodes, seed));
        var best = ReadBest(problem, run);
        var bestResult = best is null ? null : DatasetEvaluation.Summarise(problem.EvaluateResult(best.Value.Parameters, episodes, seed));
        var score = problem.Direct is null ? GeneralisationScore.Standard(problem, final, CounterRng.Key(config.Seed, 0x4753434F5245UL)) : null;
        new RunSummary
        {
            Task = config.Task, Method = config.MethodLabel, Seed = config.Seed, Generations = history.Count,
            Budget = config.BudgetText(), FinalEvalEpisodes = result.Episodes, FinalEvalMean = result.Mean,
            FinalEvalStd = result.Std, DistillSeconds = Math.Round(distillSeconds, 3), EnvSteps = history.Sum(h => h.EnvSteps),
            EnvStepBudget = config.EnvStepBudget > 0 ? config.EnvStepBudget : null,
            BestGeneration = best?.Generation, BestEvalReturn = best?.EvalReturn,
            BestFinalEvalMean = bestResult?.Mean, BestFinalEvalStd = bestResult?.Std,
            GeneralisationScore = score?.Score, GeneralisationPairs = score?.Pairs,
        }.Save(run.SummaryFile);
        RunReport.Write(run, config, history);
        return result;
    }

    /// <summary>The best result so far as the run wrote it (best-dataset.json, or best-policy.npz for direct ES), with
    /// the generation and eval return it came from; null for runs written before best results were kept.</summary>
    static (float[] Parameters, int Generation, double EvalReturn)? ReadBest(HadesProblem problem, RunDirectory run)
    {
        if (problem.Direct is not null)
        {
            if (!File.Exists(run.BestPolicyFile)) return null;
            var arrays = Npz.Read(run.BestPolicyFile);
            var flat = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(arrays["flat"].Data).ToArray();
            int generation = (int)BitConverter.ToInt64(arrays["generation"].Data);
            var history = Dashboard.MetricsReader.Read(run.MetricsFile);
            return (flat, generation, history.FirstOrDefault(h => h.Generation == generation)?.EvalReturn ?? double.NaN);
        }
        if (!File.Exists(run.BestDatasetFile)) return null;
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(run.BestDatasetFile))!;
        var parameters = DatasetJson.Read(run.BestDatasetFile).ToParameters(problem.Layout);
        return (parameters, (int)node["generation"]!, (double)node["eval_return"]!);
    }
}
