using System.Diagnostics;
using Hades.Core.Threading;
using static System.FormattableString;

namespace Hades.Host.Bench;

/// <summary>
/// `hades bench --suite wake`: how long this machine takes to start a thread that waits, the fixed cost every
/// parallel phase pays when its helper threads were idle (a MuJoCo rollout right after the inner loop, for one). A
/// waiting helper is released after the measuring thread has slept a while (so that the helper's CPU has gone idle),
/// 30 times per pause, for each way of waiting: a <c>SemaphoreSlim</c> (which spins with <c>sched_yield</c> before
/// it blocks, as .NET's thread-pool workers do), a thread-pool work item, a monitor (which blocks without yielding),
/// the <see cref="WorkerCrew"/>'s helper, and a thread that spins on a flag. On this project's Linux machines a
/// thread that yielded before it blocked starts 3–4 ms late (a scheduler tick) and one that did not within tens of
/// microseconds (docs/benchmarks.md, issue 18, ninth pass).
/// </summary>
public static class WakeBench
{
    const int Tries = 30;
    static readonly int[] Pauses = [0, 1, 5, 20, 100];

    public static int Run()
    {
        System.Console.WriteLine(Invariant($"thread start latency, {Tries} tries each (median, 90th percentile, maximum)"));
        long released = 0, started = 0;
        void Started() { Volatile.Write(ref started, Stopwatch.GetTimestamp()); Volatile.Write(ref released, 0); }
        void Measure(string what, Action release)
        {
            foreach (int pauseMs in Pauses)
            {
                var delays = new double[Tries];
                for (int t = 0; t < Tries; t++)
                {
                    if (pauseMs > 0) Thread.Sleep(pauseMs);
                    long at = Stopwatch.GetTimestamp();
                    Volatile.Write(ref released, 1);
                    release();
                    while (Volatile.Read(ref released) == 1) Thread.SpinWait(1);
                    delays[t] = Stopwatch.GetElapsedTime(at, Volatile.Read(ref started)).TotalMilliseconds;
                }
                Print($"{what}, released after {pauseMs} ms asleep", delays);
            }
        }

        using var semaphore = new SemaphoreSlim(0);
        Background("wake-bench semaphore", () => { while (true) { semaphore.Wait(); Started(); } });
        Measure("helper blocked on a SemaphoreSlim (yields, then blocks)", () => semaphore.Release());

        Measure("thread-pool work item", () => ThreadPool.UnsafeQueueUserWorkItem(_ => Started(), null));

        var gate = new object();
        bool signalled = false;
        Background("wake-bench monitor", () => { while (true) { lock (gate) { while (!signalled) Monitor.Wait(gate); signalled = false; } Started(); } });
        Measure("helper blocked on a monitor (never yields)", () => { lock (gate) { signalled = true; Monitor.Pulse(gate); } });

        var crew = new WorkerCrew();
        Measure("WorkerCrew helper (rollouts' second worker)", () => crew.Run(2, i => { if (i == 1) Started(); }));

        long flag = 0, seen = 0;
        Background("wake-bench spinning", () => { while (true) { while (Volatile.Read(ref flag) == 0) Thread.SpinWait(1); Volatile.Write(ref seen, Stopwatch.GetTimestamp()); Volatile.Write(ref flag, 0); } });
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

    static void Background(string name, ThreadStart loop) => new Thread(loop) { IsBackground = true, Name = name }.Start();

    static void Print(string what, double[] delays)
    {
        Array.Sort(delays);
        System.Console.WriteLine(Invariant($"  {what}: {delays[Tries / 2]:0.000} ms, {delays[Tries * 9 / 10]:0.000} ms, {delays[^1]:0.000} ms"));
    }
}
