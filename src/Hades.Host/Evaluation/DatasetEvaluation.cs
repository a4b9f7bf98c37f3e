using System.Globalization;
using Hades.Core.Datasets;
using Hades.Core.BehaviourDistillation;

namespace Hades.Host.Evaluation;

/// <summary>Trains fresh policies on a dataset and summarises their returns (used by `run`'s summary and `eval`).</summary>
public static class DatasetEvaluation
{
    public sealed record Result(int Episodes, double Mean, double Std, double Min, double Max);

    /// <summary>One fresh policy per episode, each from its own init and start state.</summary>
    public static Result Evaluate(HadesProblem problem, SyntheticDataset dataset, int episodes, ulong seed) =>
        Summarise(problem.EvaluateDataset(dataset.ToParameters(problem.Layout), episodes, 1, seed));

    public static Result Summarise(float[] returns)
    {
        int episodes = returns.Length;
        double mean = returns.Average();
        double std = Math.Sqrt(returns.Select(r => (r - mean) * (r - mean)).Average());
        return new Result(episodes, mean, std, returns.Min(), returns.Max());
    }

    /// <param name="how">What played the episodes, e.g. "one fresh policy each".</param>
    public static string Describe(Result r, string how = "one fresh policy each") => string.Create(CultureInfo.InvariantCulture,
        $"mean return {r.Mean:0.00} ± {r.Std:0.00} (min {r.Min:0}, max {r.Max:0}) over {r.Episodes} episodes, {how}");
}
