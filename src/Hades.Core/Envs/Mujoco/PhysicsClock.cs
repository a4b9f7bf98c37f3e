using System.Diagnostics;

namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// Process-wide wall time spent in MuJoCo: stepping instances (the parallel native frame-skip calls with their reward
/// and observation bookkeeping) and resetting them (the parallel native calls of <c>mj_resetData</c>, setting the
/// drawn state and <c>mj_forward</c>; drawing the start states and writing the first observations are outside), for
/// benchmarks that report the physics share of evaluation time. A rollout that plays its policies one at a time on W
/// worker threads (<see cref="Training.Rollout"/>) adds its workers' simulator time divided by W, so that physics time
/// over the rollout's wall time is still the share of its workers' time spent in physics (idle workers count as not).
/// </summary>
public static class PhysicsClock
{
    static long ticks;

    public static void Add(long stopwatchTicks) => Interlocked.Add(ref ticks, stopwatchTicks);

    public static TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks));
}
