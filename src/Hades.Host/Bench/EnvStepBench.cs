using System.Diagnostics;
using System.Globalization;
using Hades.Core.Envs;
using Hades.Core.Random;

namespace Hades.Host.Bench;

/// <summary>
/// `hades bench --envs`: environment steps per second of random-action rollouts for each named task (MinAtar games,
/// MuJoCo, classic control), one process, the task's own stepping threads. All instances are reset together whenever
/// every one is done; only steps of instances still playing count. Also prints process CPU microseconds per step
/// (less sensitive to other load than wall time) and the random policy's mean return and episode length.
/// </summary>
public static class EnvStepBench
{
    public sealed record Row(string Task, int Instances, double StepsPerSecond, double CpuMicroseconds, double MeanReturn, double MeanLength);

    public static Row Measure(string task, int instances, double seconds)
    {
        var env = TaskRegistry.Factory(task)(instances);
        using var owned = env as IDisposable;
        Run(env, 0.2);   // warm-up (JIT tiers, caches)
        var (sps, cpu, ret, len) = Run(env, seconds);
        return new Row(task, instances, sps, cpu, ret, len);
    }

    static (double StepsPerSecond, double CpuMicroseconds, double MeanReturn, double MeanLength) Run(IVectorEnv env, double seconds)
    {
        var spec = env.Spec;
        int n = env.Count;
        var obs = new float[n * spec.ObservationSize];
        var actions = new float[n * spec.ActionSize];
        var rewards = new float[n];
        var done = new byte[n];
        var returns = new double[n];
        long steps = 0, episodes = 0;
        double totalReturn = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (ulong round = 0; clock.Elapsed.TotalSeconds < seconds; round++)
        {
            env.Reset(CounterRng.Key(1, round), obs);
            Array.Clear(done);
            Array.Clear(returns);
            for (int t = 0; t < spec.MaxSteps && Array.IndexOf(done, (byte)0) >= 0; t++)
            {
                for (int i = 0; i < n; i++) steps += done[i] == 0 ? 1 : 0;
                RandomRollout.Actions(spec, CounterRng.Key(2, round), t, actions);
                env.Step(actions, obs, rewards, done);
                for (int i = 0; i < n; i++) returns[i] += rewards[i];
            }
            episodes += n;
            totalReturn += returns.Sum();
        }
        double elapsed = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return (steps / elapsed, 1e6 * cpuSeconds / Math.Max(1, steps), totalReturn / episodes, (double)steps / episodes);
    }

    public static int Run(IReadOnlyList<string> tasks, int instances, double seconds)
    {
        foreach (var task in tasks)
        {
            var r = Measure(task, instances, seconds);
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Task,-26} instances={r.Instances}: {r.StepsPerSecond,10:F0} env steps/s, {r.CpuMicroseconds,7:F1} CPU us/step, random-policy mean return {r.MeanReturn,9:F2}, mean episode length {r.MeanLength,7:F1}"));
        }
        return 0;
    }
}
