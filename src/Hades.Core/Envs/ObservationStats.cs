using System.Collections.Concurrent;
using Hades.Core.Random;

namespace Hades.Core.Envs;

/// <summary>
/// Fixed observation normalisation constants per task: mean and standard deviation of the observations seen
/// by uniformly random actions over 64 episodes (a fixed seed, so every process computes the same numbers).
/// The paper used fixed precomputed statistics for MinAtar and Brax D = 4; this is our reconstruction.
/// </summary>
public static class ObservationStats
{
    static readonly ConcurrentDictionary<string, (float[] Mean, float[] Std)> Cache = new();

    public static (float[] Mean, float[] Std) For(string task) => Cache.GetOrAdd(task, Compute);

    static (float[] Mean, float[] Std) Compute(string task)
    {
        int n = TaskRegistry.Spec(task).ObservationSize;
        var sum = new double[n]; var sumSq = new double[n];
        long count = 0;
        RandomRollout.Run(task, 64, CounterRng.Key(0x4F42534E4F524DUL /* "OBSNORM" */, 1), (obs, done) =>
        {
            for (int i = 0; i < done.Length; i++)
            {
                if (done[i] != 0) continue;
                for (int k = 0; k < n; k++) { double v = obs[i * n + k]; sum[k] += v; sumSq[k] += v * v; }
                count++;
            }
        });
        var mean = new float[n]; var std = new float[n];
        for (int k = 0; k < n; k++)
        {
            double m = sum[k] / count;
            mean[k] = (float)m;
            std[k] = (float)Math.Max(Math.Sqrt(Math.Max(0, sumSq[k] / count - m * m)), 1e-3);
        }
        return (mean, std);
    }
}
