using Akka.Actor;
using Akka.TestKit.Xunit2;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;

namespace Hades.Tests.Actors.Evaluation;

/// <summary>An evaluator's in-flight bound counts the units of every population it serves: with two owners and
/// capacity 2 it never holds more than 2, keeps its spare slot for the owner it is already serving, declines the
/// rest, and asks the declined owner again when a slot frees.</summary>
public sealed class PullingEvaluatorTests : TestKit
{
    /// <summary>Computes a unit only when the test releases the gate, and records how many units it held.</summary>
    sealed class GatedEvaluator : PullingEvaluator
    {
        public GatedEvaluator(SemaphoreSlim gate, int[] maxHeld, List<string> ran) : base(2)
        {
            Serve<EvaluateCandidates>(work =>
            {
                lock (ran) { maxHeld[0] = Math.Max(maxHeld[0], Held); ran.Add(work.Run.RunId + work.Indices[0]); }
                if (!gate.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("gate");
                return new CandidatesEvaluated(work.Generation, work.Indices, [0f], 0, 0);
            });
            Receive<Crash>(_ => throw new InvalidOperationException("crash for the test")); // the supervisor restarts it
        }
    }

    sealed record Crash;

    static EvaluateCandidates Unit(string run, int index) => new(new RunSpec(run, "{}"), 0, [index], [], []);

    [Fact]
    public void Two_owners_never_get_more_than_the_bound_held_and_the_declined_one_is_served_when_a_slot_frees()
    {
        var gate = new SemaphoreSlim(0);
        int[] maxHeld = [0];
        var ran = new List<string>();
        var evaluator = Sys.ActorOf(Props.Create(() => new GatedEvaluator(gate, maxHeld, ran)));
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        evaluator.Tell(WorkAvailable.Instance, a.Ref);
        Assert.Equal(2, a.ExpectMsg<RequestWork>().Capacity);
        evaluator.Tell(WorkAvailable.Instance, b.Ref);
        Assert.Equal(2, b.ExpectMsg<RequestWork>().Capacity);

        evaluator.Tell(Unit("a", 0), a.Ref);
        evaluator.Tell(Unit("a", 1), a.Ref);
        AwaitCondition(() => { lock (ran) return ran.Count == 1; }, TimeSpan.FromSeconds(5)); // a0 runs, a1 waits
        evaluator.Tell(Unit("b", 0), b.Ref);                 // both slots taken by a: handed back at once
        var declined = b.ExpectMsg<WorkDeclined>(TimeSpan.FromSeconds(5));
        Assert.Equal(0, declined.Generation);
        Assert.Equal([0], declined.Indices);
        evaluator.Tell(WorkAvailable.Instance, b.Ref);       // an offer while full gets no answer
        b.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        gate.Release();                                      // a0 finishes: b, first in line, is asked again
        a.ExpectMsg<CandidatesEvaluated>(r => Assert.Equal([0], r.Indices));
        Assert.Equal(2, b.ExpectMsg<RequestWork>().Capacity);
        a.ExpectMsg<RequestWork>();
        evaluator.Tell(Unit("b", 0), b.Ref);                 // a1 runs: the spare slot is a's, so b's unit goes back
        b.ExpectMsg<WorkDeclined>(d => Assert.Equal([0], d.Indices));
        evaluator.Tell(Unit("a", 2), a.Ref);                 // a's own unit may wait behind a1
        evaluator.Tell(Unit("a", 3), a.Ref);                 // but not a third
        a.ExpectMsg<WorkDeclined>(d => Assert.Equal([3], d.Indices));

        gate.Release(2);                                     // a1 finishes: b, first in line, is asked; then a2
        a.ExpectMsg<CandidatesEvaluated>(r => Assert.Equal([1], r.Indices));
        Assert.Equal(2, b.ExpectMsg<RequestWork>().Capacity);
        a.ExpectMsg<RequestWork>();
        a.ExpectMsg<CandidatesEvaluated>(r => Assert.Equal([2], r.Indices));
        evaluator.Tell(Unit("b", 0), b.Ref);                 // the evaluator is empty now: b's unit is taken
        gate.Release();
        b.ExpectMsg<CandidatesEvaluated>(r => Assert.Equal([0], r.Indices));
        lock (ran) Assert.Equal(["a0", "a1", "a2", "b0"], ran);
        Assert.InRange(maxHeld[0], 1, 2); // read by the compute thread as each unit starts
    }

    [Fact]
    public void Work_sent_without_an_offer_is_never_declined()
    {
        var gate = new SemaphoreSlim(3);
        int[] maxHeld = [0];
        var ran = new List<string>();
        var evaluator = Sys.ActorOf(Props.Create(() => new GatedEvaluator(gate, maxHeld, ran)));
        for (int i = 0; i < 3; i++) evaluator.Tell(Unit("r", i), TestActor);
        for (int i = 0; i < 3; i++) ExpectMsg<CandidatesEvaluated>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void After_a_restart_the_previous_instances_unit_still_reaches_its_owner_and_the_new_instance_keeps_serving()
    {
        var gate = new SemaphoreSlim(0);
        int[] maxHeld = [0];
        var ran = new List<string>();
        var evaluator = Sys.ActorOf(Props.Create(() => new GatedEvaluator(gate, maxHeld, ran)));
        var a = CreateTestProbe();
        evaluator.Tell(WorkAvailable.Instance, a.Ref);
        a.ExpectMsg<RequestWork>();
        evaluator.Tell(Unit("a", 0), a.Ref);
        AwaitCondition(() => { lock (ran) return ran.Count == 1; }, TimeSpan.FromSeconds(5)); // a0 runs
        evaluator.Tell(new Crash());                          // restarted while a0 runs on the old compute thread
        gate.Release();                                       // a0 finishes and is reported to the new instance
        a.ExpectMsg<CandidatesEvaluated>(r => Assert.Equal([0], r.Indices), TimeSpan.FromSeconds(5));
        evaluator.Tell(WorkAvailable.Instance, a.Ref);        // the new instance holds nothing: it asks for its full bound
        Assert.Equal(2, a.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(5)).Capacity);
        evaluator.Tell(Unit("a", 1), a.Ref);
        gate.Release();
        a.ExpectMsg<CandidatesEvaluated>(r => Assert.Equal([1], r.Indices), TimeSpan.FromSeconds(5));
        a.ExpectMsg<RequestWork>();
        lock (ran) Assert.Equal(["a0", "a1"], ran);
    }
}
