using System.Diagnostics;

namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// Process-wide wall time spent in MuJoCo: stepping instances (the parallel native frame-skip calls with their reward
/// and observation bookkeeping) and resetting them (the parallel native calls of <c>mj_resetData</c>, setting the
/// drawn state and <c>mj_forward</c>; drawing the start states and writing the first observations are outside), for
/// benchmarks that report the physics share of evaluation time.
/// </summary>
public static class PhysicsClock
{
    static long ticks;

    public static void Add(long stopwatchTicks) => Interlocked.Add(ref ticks, stopwatchTicks);

    public static TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks));
}
