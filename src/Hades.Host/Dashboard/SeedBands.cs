using Hades.Core.Runs;

namespace Hades.Host.Dashboard;

/// <summary>One generation of a seed group's curve: how many seeds reached it, their mean, and the standard error of
/// that mean (sample sd / √n; null for a single seed).</summary>
public sealed record BandPoint(int Generation, int N, double Mean, double? StandardError);

/// <summary>
/// The seeds of one experiment as one curve with a band: per generation, the mean of a metric over the seeds that
/// reached it and its standard error (the same statistic as a campaign's results.csv, there over final evaluations).
/// </summary>
public static class SeedBands
{
    public static IReadOnlyList<BandPoint> Compute(IReadOnlyList<IReadOnlyList<GenerationRecord>> seeds, Func<GenerationRecord, double> metric) =>
        seeds.SelectMany(s => s)
            .GroupBy(r => r.Generation)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var values = g.Select(metric).Where(double.IsFinite).ToArray();
                if (values.Length == 0) return null;
                double mean = values.Average();
                double? se = values.Length > 1
                    ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length)
                    : null;
                return new BandPoint(g.Key, values.Length, mean, se);
            })
            .OfType<BandPoint>()
            .ToList();

    /// <summary>The metrics a band can be drawn of, by the names the JSON endpoints use.</summary>
    public static readonly IReadOnlyDictionary<string, Func<GenerationRecord, double>> Metrics = new Dictionary<string, Func<GenerationRecord, double>>
    {
        ["mean_fitness"] = r => r.MeanFitness,
        ["max_fitness"] = r => r.MaxFitness,
        ["eval_return"] = r => r.EvalReturn,
    };
}
