using Hades.Core.Envs.MinAtar;
using Hades.Core.Random;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Per-episode returns of a MinAtar-style game under a scripted policy (its uniform draw for episode i at
/// step t is <c>CounterRng.Uniform(Key(key, i), t)</c>): the Hades side of docs/minatar.md's statistical cross-check
/// against MinAtar's reference code. Random-policy figures come from <see cref="MinAtarRandomReturnsTests"/>.</summary>
internal static class MinAtarScriptedReturns
{
    /// <summary>Chooses instance <c>i</c>'s action at a step from the runner's current observations and a uniform draw.</summary>
    public delegate int Policy(MinAtarRunner<MinAtarEnv> runner, int instance, double uniform);

    /// <summary>One line: episodes, mean return ± standard error, min, max and mean episode length ± s.e.</summary>
    public static string Measure(string game, int episodes, ulong key, MinAtarOptions options, Policy policy)
    {
        var env = MinAtarTasks.Create(game, episodes, options);
        var r = new MinAtarRunner<MinAtarEnv>(env);
        var returns = new double[episodes];
        r.Reset(key);
        for (int step = 0; step < env.Spec.MaxSteps && Array.IndexOf(r.Done, (byte)0) >= 0; step++)
        {
            for (int i = 0; i < episodes; i++)
            {
                double u = CounterRng.Uniform(CounterRng.Key(key, (ulong)i), (ulong)step);
                r.Actions[i] = policy(r, i, u);
            }
            r.Step();
            for (int i = 0; i < episodes; i++) returns[i] += r.Rewards[i];
        }
        Assert.All(r.Done, d => Assert.Equal(1, d));
        var lengths = Enumerable.Range(0, episodes).Select(i => (double)env.StepsTaken(i)).ToArray();
        double mean = returns.Average();
        return $"{game}: scripted-policy return over {episodes} episodes " +
               $"(sticky {options.StickyActions}, ramping {(options.Ramping ? "on" : "off")}, key {key}): {mean:F3} ± " +
               $"{StandardError(returns):F3} (s.e.), min {returns.Min()}, max {returns.Max()}, mean length " +
               $"{lengths.Average():F1} ± {StandardError(lengths):F1} frames";
    }

    static double StandardError(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
    }
}
