using System.Diagnostics;
using static System.FormattableString;

namespace Hades.Host.Bench;

/// <summary>
/// `hades bench --suite wake`: how long this machine takes to start a thread that waits, the fixed cost every
/// parallel phase pays when its helper threads were idle (a MuJoCo rollout right after the inner loop, for one). A
/// helper blocked on a semaphore is released after the measuring thread has slept a while (so that the helper's CPU
/// has gone idle), 30 times per pause; then the same with a helper that spins on a flag instead. On bare metal the
/// blocked helper starts within tens of microseconds; on a virtual machine whose idle virtual CPUs halt it can take
/// milliseconds (see docs/benchmarks.md, issue 18, eighth pass).
/// </summary>
public static class WakeBench
{
    const int Tries = 30;

    public static int Run()
    {
        System.Console.WriteLine(Invariant($"thread start latency, {Tries} tries each (median, 90th percentile, maximum)"));
        long released = 0, started = 0;
        using var go = new SemaphoreSlim(0);
        var blocked = new Thread(() => { while (true) { go.Wait(); Volatile.Write(ref started, Stopwatch.GetTimestamp()); Volatile.Write(ref released, 0); } }) { IsBackground = true, Name = "wake-bench blocked" };
        blocked.Start();
        foreach (int pauseMs in new[] { 0, 1, 5, 20, 100 })
        {
            var delays = new double[Tries];
            for (int t = 0; t < Tries; t++)
            {
                if (pauseMs > 0) Thread.Sleep(pauseMs);
                long at = Stopwatch.GetTimestamp();
                Volatile.Write(ref released, 1);
                go.Release();
                while (Volatile.Read(ref released) == 1) Thread.SpinWait(1);
                delays[t] = Stopwatch.GetElapsedTime(at, Volatile.Read(ref started)).TotalMilliseconds;
            }
            Print($"blocked helper, released after {pauseMs} ms asleep", delays);
        }

        long flag = 0, seen = 0;
        var spinning = new Thread(() => { while (true) { while (Volatile.Read(ref flag) == 0) Thread.SpinWait(1); Volatile.Write(ref seen, Stopwatch.GetTimestamp()); Volatile.Write(ref flag, 0); } }) { IsBackground = true, Name = "wake-bench spinning" };
        spinning.Start();
        var spun = new double[Tries];
        for (int t = 0; t < Tries; t++)
        {
            Thread.Sleep(20);
            long at = Stopwatch.GetTimestamp();
            Volatile.Write(ref flag, 1);
            while (Volatile.Read(ref flag) == 1) Thread.SpinWait(1);
            spun[t] = Stopwatch.GetElapsedTime(at, Volatile.Read(ref seen)).TotalMilliseconds;
        }
        Print("spinning helper, flagged after 20 ms asleep", spun);
        return 0;
    }

    static void Print(string what, double[] delays)
    {
        Array.Sort(delays);
        System.Console.WriteLine(Invariant($"  {what}: {delays[Tries / 2]:0.000} ms, {delays[Tries * 9 / 10]:0.000} ms, {delays[^1]:0.000} ms"));
    }
}
