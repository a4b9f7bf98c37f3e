using Akka.Actor;
using Akka.TestKit.Xunit2;
using Hades.Actors.Messages;
using Hades.Actors.Training;
using Hades.Tests.Support;

namespace Hades.Tests.Actors.Training;

/// <summary>The trainer pulls one stage at a time, runs it off its thread, reports to the owner with its node, logs
/// each start and end in the stage's run dir, refuses a second stage while busy, and reports a failing job.</summary>
public sealed class TrainerActorTests : TestKit, IDisposable
{
    readonly TempDir dir = new();

    StageWork Work(int index) => new("c", index, $"stage{index}", dir.Sub($"stage{index}"), "{}");

    [Fact]
    public void A_trainer_asks_for_one_stage_runs_it_reports_its_node_and_asks_again()
    {
        var gate = new TaskCompletionSource();
        var ran = new List<string>();
        var trainer = Sys.ActorOf(TrainerActor.Props(async (work, cancel) => { lock (ran) ran.Add(work.Name); await gate.Task; }));

        trainer.Tell(WorkAvailable.Instance);
        Assert.Equal(1, ExpectMsg<RequestWork>().Capacity);
        trainer.Tell(Work(0));
        AwaitCondition(() => { lock (ran) return ran.Count == 1; }, TimeSpan.FromSeconds(5));

        trainer.Tell(new Akka.Routing.Broadcast(WorkAvailable.Instance)); // an offer while busy: no room
        Assert.Equal(0, ExpectMsg<RequestWork>().Capacity);
        trainer.Tell(Work(1)); // issued anyway (e.g. by a restarted owner): refused, to be re-queued
        var refused = ExpectMsg<StageFailed>();
        Assert.True(refused.Retry);
        Assert.Equal(1, refused.Index);

        gate.SetResult();
        var done = ExpectMsg<StageTrained>();
        Assert.Equal(("c", 0), (done.Campaign, done.Index));
        Assert.Equal(((ExtendedActorSystem)Sys).Provider.DefaultAddress.ToString(), done.Node);
        Assert.Equal(1, ExpectMsg<RequestWork>().Capacity);
        lock (ran) Assert.Equal(["stage0"], ran);

        var log = File.ReadAllLines(Path.Combine(dir.Path, TrainerActor.LogFile));
        Assert.Equal(2, log.Length);
        Assert.Contains($"started stage0 on {done.Node} (pid {Environment.ProcessId})", log[0]);
        Assert.Contains($"finished stage0 on {done.Node} (pid {Environment.ProcessId})", log[1]);
    }

    [Fact]
    public void A_failing_job_is_reported_as_a_failure_that_is_not_retried()
    {
        var trainer = Sys.ActorOf(TrainerActor.Props((_, _) => throw new InvalidOperationException("teacher missing\nat line 2")));
        trainer.Tell(Work(3));
        var failed = ExpectMsg<StageFailed>();
        Assert.False(failed.Retry);
        Assert.Equal((3, "teacher missing"), (failed.Index, failed.Reason));
        Assert.Equal(1, ExpectMsg<RequestWork>().Capacity);
    }

    [Fact]
    public void Stopping_the_trainer_cancels_its_job_and_waits_for_it()
    {
        var stopped = new TaskCompletionSource();
        var trainer = Sys.ActorOf(TrainerActor.Props(async (_, cancel) =>
        {
            try { await Task.Delay(Timeout.Infinite, cancel); }
            finally { stopped.SetResult(); }
        }));
        trainer.Tell(Work(0));
        AwaitCondition(() => File.Exists(Path.Combine(dir.Path, TrainerActor.LogFile)), TimeSpan.FromSeconds(5));
        Watch(trainer);
        Sys.Stop(trainer);
        ExpectTerminated(trainer);
        Assert.True(stopped.Task.IsCompleted, "the job was still running after its trainer stopped");
        Assert.Contains("cancelled stage0 on", File.ReadAllLines(Path.Combine(dir.Path, TrainerActor.LogFile))[^1]);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // a cancelled stage is not reported: its owner re-issues it
    }

    /// <summary>A stage issued twice (a restarted seed offers it to a new worker while an old worker's job still runs):
    /// the second trainer waits on the stage's lock and runs nothing until the first job has ended.</summary>
    [Fact]
    public void A_second_trainer_given_a_running_stage_waits_for_the_first_job_and_never_overlaps_it()
    {
        var gate = new TaskCompletionSource();
        int running = 0, most = 0, runs = 0;
        async Task Job(StageWork work, CancellationToken cancel)
        {
            int now = Interlocked.Increment(ref running);
            lock (dir) { most = Math.Max(most, now); runs++; }
            try { await gate.Task.WaitAsync(cancel); }
            finally { Interlocked.Decrement(ref running); }
        }
        var first = Sys.ActorOf(TrainerActor.Props(Job), "first");
        var second = Sys.ActorOf(TrainerActor.Props(Job), "second");
        string log = Path.Combine(dir.Path, TrainerActor.LogFile);
        string[] Lines() => File.Exists(log) ? File.ReadAllLines(log) : [];

        first.Tell(Work(0));
        AwaitCondition(() => Volatile.Read(ref runs) == 1, TimeSpan.FromSeconds(5));
        Assert.True(File.Exists(TrainerActor.LockFile(Work(0))));
        second.Tell(Work(0));
        AwaitCondition(() => Lines().Any(l => l.Contains(" waiting for stage0.lock")), TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // still waiting: nothing reported, nothing run
        Assert.Equal(1, Volatile.Read(ref runs));

        gate.SetResult();
        Assert.Equal(0, ExpectMsg<StageTrained>().Index); // the first job
        Assert.Equal(1, ExpectMsg<RequestWork>().Capacity);
        Assert.Equal(0, ExpectMsg<StageTrained>().Index); // the second, after it
        Assert.Equal(1, ExpectMsg<RequestWork>().Capacity);
        Assert.Equal(2, runs);
        Assert.Equal(1, most);
        Assert.Equal(["started", "waiting", "finished", "started", "finished"], Lines().Select(l => l.Split(' ')[1]));
    }

    void IDisposable.Dispose()
    {
        Shutdown();
        dir.Dispose();
    }
}
