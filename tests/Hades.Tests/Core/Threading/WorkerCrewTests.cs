using System.Collections.Concurrent;
using Hades.Core.Threading;

namespace Hades.Tests.Core.Threading;

public class WorkerCrewTests
{
    [Fact]
    public void Every_index_runs_once_each_on_its_own_thread_and_index_0_on_the_caller()
    {
        var crew = new WorkerCrew();
        for (int round = 0; round < 50; round++)
        {
            int workers = 1 + round % 4;
            var threads = new ConcurrentDictionary<int, int>();
            using var allStarted = new CountdownEvent(workers);
            crew.Run(workers, i =>
            {
                Assert.True(threads.TryAdd(i, Environment.CurrentManagedThreadId), $"index {i} ran twice");
                allStarted.Signal();
                Assert.True(allStarted.Wait(TimeSpan.FromSeconds(30)), "the workers did not run at the same time");
            });
            Assert.Equal(Enumerable.Range(0, workers), threads.Keys.Order());
            Assert.Equal(workers, threads.Values.Distinct().Count());
            Assert.Equal(Environment.CurrentManagedThreadId, threads[0]);
        }
        Assert.Equal(3, crew.Helpers);
    }

    [Fact]
    public void A_helpers_exception_is_rethrown_as_itself_after_every_worker_has_finished_and_the_crew_still_works()
    {
        var crew = new WorkerCrew();
        int finished = 0;
        var thrown = Assert.Throws<InvalidOperationException>(() => crew.Run(3, i =>
        {
            if (i == 2) throw new InvalidOperationException("helper failed");
            Thread.Sleep(50);
            Interlocked.Increment(ref finished);
        }));
        Assert.Equal("helper failed", thrown.Message);
        Assert.Equal(2, finished);
        int ran = 0;
        crew.Run(3, _ => Interlocked.Increment(ref ran));
        Assert.Equal(3, ran);
    }

    [Fact]
    public void The_callers_exception_is_rethrown_as_itself()
    {
        var crew = new WorkerCrew();
        Assert.Throws<ArgumentException>(() => crew.Run(2, i => { if (i == 0) throw new ArgumentException("caller failed"); }));
    }

    [Fact]
    public void A_phase_started_while_the_crew_is_busy_runs_on_the_pool_instead_of_waiting()
    {
        var crew = new WorkerCrew();
        int inner = 0;
        // a body that starts a phase of its own, and two threads starting phases at once
        crew.Run(2, _ => crew.Run(2, _ => Interlocked.Increment(ref inner)));
        Assert.Equal(4, inner);
        int total = 0;
        Parallel.For(0, 4, _ => { for (int k = 0; k < 20; k++) crew.Run(2, _ => Interlocked.Increment(ref total)); });
        Assert.Equal(4 * 20 * 2, total);
    }

    [Fact]
    public void One_worker_runs_on_the_caller_and_fewer_than_one_is_refused()
    {
        var crew = new WorkerCrew();
        int thread = 0;
        crew.Run(1, _ => thread = Environment.CurrentManagedThreadId);
        Assert.Equal(Environment.CurrentManagedThreadId, thread);
        Assert.Equal(0, crew.Helpers);
        Assert.Throws<ArgumentOutOfRangeException>(() => crew.Run(0, _ => { }));
    }
}
