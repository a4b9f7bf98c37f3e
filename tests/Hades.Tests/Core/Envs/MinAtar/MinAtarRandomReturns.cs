using Hades.Core.Envs;
using Hades.Core.Envs.MinAtar;
using Hades.Core.Random;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Random-policy returns of a MinAtar-style game, per episode: the same action draws as
/// <see cref="RandomRollout"/> (uniform over the minimal action set from <c>CounterRng.Key(key, episode)</c> at each
/// step), whose mean it checks.</summary>
internal static class MinAtarRandomReturns
{
    /// <summary>One line: episodes, mean ± standard error, min, max and mean episode length.</summary>
    public static string Measure(string game, int episodes, ulong key, MinAtarOptions options)
    {
        var env = MinAtarTasks.Create(game, episodes, options);
        var r = new MinAtarRunner<MinAtarEnv>(env);
        var returns = new double[episodes];
        var lengths = new int[episodes];
        r.Reset(key);
        for (int step = 0; step < env.Spec.MaxSteps && Array.IndexOf(r.Done, (byte)0) >= 0; step++)
        {
            for (int i = 0; i < episodes; i++)
                r.Actions[i] = (int)(CounterRng.Uniform(CounterRng.Key(key, (ulong)i), (ulong)step) * env.Spec.ActionCount);
            r.Step();
            for (int i = 0; i < episodes; i++) returns[i] += r.Rewards[i];
        }
        Assert.All(r.Done, d => Assert.Equal(1, d));
        for (int i = 0; i < episodes; i++) lengths[i] = env.StepsTaken(i);
        double mean = returns.Average();
        double se = Math.Sqrt(returns.Sum(v => (v - mean) * (v - mean)) / (episodes - 1) / episodes);
        Assert.Equal(RandomRollout.Run(game, episodes, key, minAtar: options), mean, 9);
        return $"{game}: random-policy return over {episodes} episodes (sticky {options.StickyActions}, ramping " +
               $"{(options.Ramping ? "on" : "off")}, key {key}): {mean:F3} ± {se:F3} (s.e.), min {returns.Min()}, " +
               $"max {returns.Max()}, mean length {lengths.Average():F1} frames";
    }
}
