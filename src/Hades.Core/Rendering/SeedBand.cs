namespace Hades.Core.Rendering;

/// <summary>
/// One curve summarised over seeds: at each index (generation) the mean of the seeds that reached it and ±1 sample
/// standard deviation around it (0 with one seed). Seeds may have different lengths; the band runs as far as the
/// longest one, and <see cref="Count"/> says how many seeds each point stands for. Non-finite values are skipped.
/// </summary>
public sealed record SeedBand(double[] X, double[] Mean, double[] Lower, double[] Upper, int[] Count)
{
    public static SeedBand Of(IReadOnlyList<IReadOnlyList<double>> seeds)
    {
        int length = seeds.Count == 0 ? 0 : seeds.Max(s => s.Count);
        var x = new List<double>(); var mean = new List<double>(); var lower = new List<double>(); var upper = new List<double>();
        var count = new List<int>();
        for (int i = 0; i < length; i++)
        {
            var values = seeds.Where(s => i < s.Count && double.IsFinite(s[i])).Select(s => s[i]).ToArray();
            if (values.Length == 0) continue;
            double m = values.Average();
            double sd = values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / (values.Length - 1));
            x.Add(i); mean.Add(m); lower.Add(m - sd); upper.Add(m + sd); count.Add(values.Length);
        }
        return new([.. x], [.. mean], [.. lower], [.. upper], [.. count]);
    }
}
