namespace Hades.Core.Training;

/// <summary>
/// Running observation normalisation of one policy's evaluation (the paper's D = 64 Brax runs: purejaxrl's
/// <c>NormalizeVecObservation</c>, hades-method.md §2.6). The statistics start at mean 0, variance 1, count 1e-4
/// when the policy's evaluation starts, are updated (before it acts) with every observation the policy acts on,
/// pooled over its envs, and the policy sees (obs − mean)/√(var + 1e-8). They are never carried from one
/// evaluation to the next, so they are a function of the rollout alone: nothing to journal, and a resumed run or
/// another worker computes the same numbers. Updates merge a batch's mean and variance into the running ones
/// (Chan et al.), in doubles, so after any sequence of batches they equal the mean and population variance of
/// the prior (count 1e-4 at mean 0, variance 1) together with every observation counted.
/// </summary>
public sealed class RunningObservationStats
{
    public const double InitialCount = 1e-4, Epsilon = 1e-8;

    readonly double[] mean, variance, batchMean, batchM2;

    public RunningObservationStats(int features)
    {
        mean = new double[features];
        variance = Enumerable.Repeat(1.0, features).ToArray();
        batchMean = new double[features];
        batchM2 = new double[features];
        Count = InitialCount;
    }

    public int Features => mean.Length;
    public double Count { get; private set; }
    public IReadOnlyList<double> Mean => mean;
    public IReadOnlyList<double> Variance => variance;

    /// <summary>Adds the observations at <paramref name="rows"/> (row r = <c>observations[r·F .. (r+1)·F)</c>) as one batch.</summary>
    public void Update(ReadOnlySpan<float> observations, ReadOnlySpan<int> rows)
    {
        int f = Features, n = rows.Length;
        if (n == 0) return;
        Array.Clear(batchMean);
        Array.Clear(batchM2);
        foreach (int r in rows)
            for (int k = 0; k < f; k++) batchMean[k] += observations[r * f + k];
        for (int k = 0; k < f; k++) batchMean[k] /= n;
        foreach (int r in rows)
            for (int k = 0; k < f; k++) { double d = observations[r * f + k] - batchMean[k]; batchM2[k] += d * d; }
        double total = Count + n;
        for (int k = 0; k < f; k++)
        {
            double delta = batchMean[k] - mean[k];
            double m2 = variance[k] * Count + batchM2[k] + delta * delta * Count * n / total;
            mean[k] += delta * n / total;
            variance[k] = m2 / total;
        }
        Count = total;
    }

    /// <summary>Writes (obs − mean)/√(var + 1e-8) of row <paramref name="row"/> into <paramref name="destination"/>.</summary>
    public void Normalise(ReadOnlySpan<float> observations, int row, Span<float> destination)
    {
        int f = Features;
        for (int k = 0; k < f; k++)
            destination[k] = (float)((observations[row * f + k] - mean[k]) / Math.Sqrt(variance[k] + Epsilon));
    }
}
