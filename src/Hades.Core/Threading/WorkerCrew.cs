using System.Runtime.ExceptionServices;

namespace Hades.Core.Threading;

/// <summary>
/// Dedicated helper threads for short parallel phases (a rollout of a population's policies): <see cref="Run"/>
/// runs body(0) on the calling thread and body(1 … W − 1) on helpers, and returns when all have finished.
/// </summary>
/// <remarks>
/// Why not <c>Parallel.For</c>: .NET's thread-pool workers (and <c>SemaphoreSlim</c>) spin with <c>sched_yield</c>
/// before they block, and on this project's Linux machines a thread that yielded and then blocked starts 3–4 ms after
/// it is released (about one scheduler tick), even with the other core idle; a
/// thread that blocks on a monitor without yielding starts within tens of microseconds (<c>hades bench --suite
/// wake</c> prints both). A rollout phase lasts tens of milliseconds, so the pool's late helper cost it several
/// per cent. The crew's helpers wait on a monitor and never yield. One phase runs on the crew at a time; a
/// <see cref="Run"/> that finds the crew busy (another thread's phase, or a body that calls <see cref="Run"/>) uses
/// <c>Parallel.For</c> instead, so callers never wait for each other.
/// </remarks>
public sealed class WorkerCrew
{
    /// <summary>The process's crew.</summary>
    public static WorkerCrew Shared { get; } = new();

    readonly object gate = new(), doneGate = new();
    readonly List<Thread> helpers = [];
    Action<int>? job;
    int jobWorkers, pending, busy;
    long round;
    Exception? failure;

    /// <summary>Helper threads started so far (the most a phase has needed, less one).</summary>
    public int Helpers { get { lock (gate) return helpers.Count; } }

    /// <summary>Runs <paramref name="body"/>(i) for every i in [0, <paramref name="workers"/>), each on its own
    /// thread (i = 0 on the caller's), and returns when all have returned. The first exception thrown is rethrown
    /// as itself once all have finished.</summary>
    public void Run(int workers, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        if (workers == 1) { body(0); return; }
        if (Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            RunOnPool(workers, body);
            return;
        }
        try
        {
            lock (gate)
            {
                while (helpers.Count < workers - 1) StartHelper(helpers.Count + 1);
                job = body; jobWorkers = workers; failure = null;
                Volatile.Write(ref pending, workers - 1);
                round++;
                Monitor.PulseAll(gate);
            }
            try { body(0); }
            catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
            WaitForHelpers();
            job = null;
            if (failure is { } first) ExceptionDispatchInfo.Capture(first).Throw();
        }
        finally { Volatile.Write(ref busy, 0); }
    }

    void StartHelper(int index)
    {
        var thread = new Thread(() => Serve(index)) { IsBackground = true, Name = $"hades-crew-{index}" };
        helpers.Add(thread);
        thread.Start();
    }

    void Serve(int index)
    {
        long seen = 0;
        while (true)
        {
            Action<int> work;
            lock (gate)
            {
                while (round == seen || index >= jobWorkers)
                {
                    seen = round; // a phase that needs fewer helpers than this one skips it
                    Monitor.Wait(gate);
                }
                seen = round;
                work = job!;
            }
            try { work(index); }
            catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
            if (Interlocked.Decrement(ref pending) == 0)
                lock (doneGate) Monitor.PulseAll(doneGate);
        }
    }

    /// <summary>Spins briefly (helpers usually finish within microseconds of the caller, the phase's work being
    /// shared out dynamically), then blocks; neither yields the CPU.</summary>
    void WaitForHelpers()
    {
        for (int spin = 0; spin < 500 && Volatile.Read(ref pending) != 0; spin++) Thread.SpinWait(50);
        if (Volatile.Read(ref pending) == 0) return;
        lock (doneGate)
            while (Volatile.Read(ref pending) != 0) Monitor.Wait(doneGate);
    }

    static void RunOnPool(int workers, Action<int> body)
    {
        try { Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, body); }
        catch (AggregateException failed) { ExceptionDispatchInfo.Capture(failed.InnerExceptions[0]).Throw(); }
    }
}
