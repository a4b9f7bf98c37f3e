using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// The calling thread's CPU seconds (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), so that a probe on a shared
/// machine counts only the time its thread actually ran; elsewhere the wall clock.
/// </summary>
public static class ThreadCpuClock
{
    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds, Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")] static extern int ClockGetTime(int clock, out TimeSpec time);

    const int ThreadCpuTimeId = 3;
    static readonly bool Supported = OperatingSystem.IsLinux() && Probe();

    static bool Probe()
    {
        try { return ClockGetTime(ThreadCpuTimeId, out _) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>Seconds of CPU this thread has used (or the wall clock's seconds where that cannot be read).</summary>
    public static double Now()
    {
        if (Supported && ClockGetTime(ThreadCpuTimeId, out var t) == 0) return t.Seconds + t.Nanoseconds * 1e-9;
        return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
    }

    /// <summary>True when <see cref="Now"/> is the thread's CPU time.</summary>
    public static bool IsThreadCpuTime => Supported;
}
