using System.Diagnostics;

namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// Process-wide wall time spent stepping MuJoCo instances (the parallel native frame-skip calls with their reward
/// and observation bookkeeping), for benchmarks that report the physics share of evaluation time.
/// </summary>
public static class PhysicsClock
{
    static long ticks;

    public static void Add(long stopwatchTicks) => Interlocked.Add(ref ticks, stopwatchTicks);

    public static TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks));
}
