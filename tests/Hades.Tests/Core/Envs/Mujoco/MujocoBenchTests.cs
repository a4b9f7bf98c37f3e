using System.Diagnostics;
using Hades.Core.Envs;
using Hades.Core.Envs.Mujoco;
using Hades.Core.Random;
using Xunit.Abstractions;

namespace Hades.Tests.Core.Envs.Mujoco;

/// <summary>A benchmark, not a test: runs only with HADES_BENCH=1 (and MuJoCo). Compare with the raw C loop
/// <c>native/mujoco-shim/mj_bench</c>; see docs/mujoco.md. Settings: HADES_BENCH_TASKS (comma list, default
/// hopper,halfcheetah; all six MuJoCo names work), HADES_BENCH_THREADS (2), HADES_BENCH_ENVS (64 instances),
/// HADES_BENCH_SECONDS (5 per task).</summary>
[Trait("Category", "bench")]
public sealed class MujocoBenchTests(ITestOutputHelper output)
{
    sealed class BenchFactAttribute : FactAttribute
    {
        public BenchFactAttribute()
        {
            if (Environment.GetEnvironmentVariable("HADES_BENCH") != "1") Skip = "benchmark: set HADES_BENCH=1 to run";
            else if (MujocoNative.UnavailableReason is { } why) Skip = $"{MujocoNative.InstallHint} ({why})";
        }
    }

    /// <summary>Env steps per second of random-action rollouts (one episode per instance, then a reset), counting
    /// only steps of instances still running; also process CPU microseconds per env step (less sensitive than wall
    /// time to other load on a shared machine), the mean episode return and length.</summary>
    static (double StepsPerSecond, double CpuMicroseconds, double MeanReturn, double MeanLength) Measure(MujocoVectorEnv env, double seconds)
    {
        int n = env.Count, obsSize = env.Spec.ObservationSize, nu = env.Spec.ActionSize;
        var obs = new float[n * obsSize];
        var actions = new float[n * nu];
        var rewards = new float[n];
        var done = new byte[n];
        var returns = new double[n];
        long steps = 0, episodes = 0;
        double totalReturn = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (ulong round = 0; clock.Elapsed.TotalSeconds < seconds; round++)
        {
            VectorEnvExtensions.Reset(env, CounterRng.Key(1, round), obs);
            Array.Clear(done);
            Array.Clear(returns);
            for (int t = 0; done.Any(d => d == 0); t++)
            {
                for (int i = 0; i < n; i++) steps += done[i] == 0 ? 1 : 0;
                ulong key = CounterRng.Key(2, round, (ulong)t);
                for (int j = 0; j < actions.Length; j++)
                    actions[j] = (float)CounterRng.Uniform(key, (ulong)j, env.Spec.ActionLow![j % nu], env.Spec.ActionHigh![j % nu]);
                env.Step(actions, obs, rewards, done);
                for (int i = 0; i < n; i++) returns[i] += rewards[i];
            }
            episodes += n;
            totalReturn += returns.Sum();
        }
        double elapsed = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return (steps / elapsed, 1e6 * cpuSeconds / steps, totalReturn / episodes, (double)steps / episodes);
    }

    [BenchFact]
    public void StepsPerSecond_HopperAndHalfCheetah()
    {
        int threads = int.TryParse(Environment.GetEnvironmentVariable("HADES_BENCH_THREADS"), out int t) ? t : 2;
        int count = int.TryParse(Environment.GetEnvironmentVariable("HADES_BENCH_ENVS"), out int c) ? c : 64;
        double seconds = double.TryParse(Environment.GetEnvironmentVariable("HADES_BENCH_SECONDS"), out double s) ? s : 5;
        string[] tasks = (Environment.GetEnvironmentVariable("HADES_BENCH_TASKS") ?? "hopper,halfcheetah").Split(',');
        foreach (var make in new Func<MujocoVectorEnv>[]
                 {
                     () => new Hopper(count, threads), () => new HalfCheetah(count, threads), () => new Walker2d(count, threads),
                     () => new Ant(count, threads), () => new Humanoid(count, threads), () => new InvertedDoublePendulum(count, threads),
                 })
        {
            using var env = make();
            if (!tasks.Contains(env.Spec.Name)) continue;
            Measure(env, 0.3);   // warm-up (JIT, caches)
            var (sps, cpuUs, ret, len) = Measure(env, seconds);
            output.WriteLine($"{env.Spec.Name,-26} instances={count} threads={threads}: {sps,9:F0} env steps/s, {cpuUs,7:F1} CPU us/step, " +
                             $"random-policy mean return {ret,9:F1}, mean episode length {len,6:F1}");
            Assert.True(sps > 0);
        }
    }
}
