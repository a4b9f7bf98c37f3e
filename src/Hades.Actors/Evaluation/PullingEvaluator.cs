using System.Collections.Concurrent;
using Akka.Actor;
using Hades.Actors.Messages;
using Hades.Actors.Telemetry;

namespace Hades.Actors.Evaluation;

/// <summary>
/// What every evaluator does with work, whatever computes it. Work pulling: a population broadcasts
/// <see cref="WorkAvailable"/>; the evaluator answers with <see cref="RequestWork"/> stating its in-flight bound
/// (<see cref="Capacity"/>), tells each result to the population directly and asks again after every unit, so a
/// fast evaluator gets more work than a slow one. The bound is the evaluator's own, counted over every population it
/// serves (a campaign runs several): a pulled unit that arrives when it already holds <see cref="Capacity"/> units is
/// handed straight back (<see cref="WorkDeclined"/>, so its owner gives it to an evaluator with room), and that owner
/// waits in a round-robin line; each time a slot frees, the owner first in line is asked for work again (and the
/// owner of the finished unit too). An owner that offers work while the evaluator is full joins the line without an
/// answer. A unit it cannot compute is answered with <see cref="EvaluationFailed"/>. Work sent without an offer (an
/// Ask from the embedded run's pipeline) is never declined and is answered to the asker only, a failure as
/// <see cref="Status.Failure"/>. Units are computed one at a time, in the order accepted, on the evaluator's own
/// compute thread, so the actor stays free to count (and decline) what arrives while a unit runs.
/// </summary>
public abstract class PullingEvaluator : ReceiveActor
{
    /// <summary>Units an evaluator holds at once: one it computes and one waiting, so it never idles between units.</summary>
    public const int DefaultCapacity = 2;

    sealed record HeldUnit(object Work, IActorRef Owner, bool Pulled, Func<object, object> Compute);

    /// <summary>Told to itself by the compute thread when a unit is done (<paramref name="Result"/> or <paramref name="Error"/>).</summary>
    sealed record Computed(HeldUnit Unit, object? Result, Exception? Error, double Seconds);

    readonly HashSet<IActorRef> owners = [];
    readonly LinkedList<IActorRef> waiting = new();
    readonly BlockingCollection<HeldUnit> queue = new();
    readonly Dictionary<IActorRef, int> heldBy = new();
    /// <summary>The units this instance accepted: after a restart the previous instance's compute thread still finishes
    /// the units it had queued and reports them to the same actor reference, i.e. to this instance, which holds none of them.</summary>
    readonly HashSet<HeldUnit> accepted = new(ReferenceEqualityComparer.Instance);
    int held, batches, candidates;

    protected int Capacity { get; }

    /// <summary>Units accepted and not yet answered (the running one included).</summary>
    protected int Held => Volatile.Read(ref held);

    protected PullingEvaluator(int capacity)
    {
        Capacity = Math.Max(1, capacity);
        Receive<WorkAvailable>(_ =>
        {
            if (owners.Count > 256) owners.Clear(); // populations of finished runs; current ones ask again
            owners.Add(Sender);
            if (HasRoomFor(Sender)) Sender.Tell(new RequestWork(Capacity));
            else Wait(Sender);
        });
        Receive<Computed>(OnComputed);
        Receive<GetEvaluatorStats>(_ => Sender.Tell(new EvaluatorStats(Self.Path.Address.ToString(), batches, candidates)));
    }

    protected override void PreStart()
    {
        var self = Self;
        var thread = new Thread(() => ComputeLoop(self)) { IsBackground = true, Name = "hades-evaluator" };
        thread.Start();
        base.PreStart();
    }

    protected override void PostStop()
    {
        queue.CompleteAdding();
        base.PostStop();
    }

    void ComputeLoop(IActorRef self)
    {
        foreach (var unit in queue.GetConsumingEnumerable())
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            object? result = null;
            Exception? error = null;
            try { result = unit.Compute(unit.Work); }
            catch (Exception e) { error = e; }
            self.Tell(new Computed(unit, result, error, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds));
        }
    }

    /// <summary>Registers the handler of one kind of pulled (or asked-for) evaluation work.</summary>
    protected void Serve<T>(Func<T, IEvaluationResult> compute) where T : class, IEvaluationWork => Receive<T>(work =>
    {
        bool pulled = owners.Contains(Sender);
        if (pulled && !HasRoomFor(Sender))
        {
            Sender.Tell(new WorkDeclined(work.Generation, IndicesOf(work)));
            Wait(Sender);
            return;
        }
        Accept(new HeldUnit(work, Sender, pulled, w => compute((T)w)));
    });

    /// <summary>Registers the handler of work that is only ever asked for (never pulled): it runs on the compute thread
    /// in turn with the rest and is answered to the asker, a failure as <see cref="Status.Failure"/>.</summary>
    protected void ServeAsked<T>(Func<T, object> compute) where T : class =>
        Receive<T>(work => Accept(new HeldUnit(work, Sender, false, w => compute((T)w))));

    /// <summary>Room for a pulled unit of <paramref name="owner"/>: the spare slots (beyond the running unit) wait for
    /// the owners whose units it already holds; another owner's unit is taken only by an evaluator that holds nothing,
    /// since its owner's ledger can give it to an idle evaluator instead of queueing it behind someone else's.</summary>
    bool HasRoomFor(IActorRef owner) => held == 0 || (held < Capacity && heldBy.ContainsKey(owner));

    void Accept(HeldUnit unit)
    {
        Interlocked.Increment(ref held);
        heldBy[unit.Owner] = heldBy.GetValueOrDefault(unit.Owner) + 1;
        accepted.Add(unit);
        queue.Add(unit);
    }

    void OnComputed(Computed done)
    {
        var unit = done.Unit;
        if (!accepted.Remove(unit))
        {
            // a unit of the instance before a restart: its result still goes to its owner (a late result counts),
            // and this instance's counts, which never included it, stay as they are
            if (done.Error is null) unit.Owner.Tell(done.Result);
            return;
        }
        Interlocked.Decrement(ref held);
        if (--heldBy[unit.Owner] == 0) heldBy.Remove(unit.Owner);
        if (done.Error is { } e)
            unit.Owner.Tell(unit.Pulled && unit.Work is IEvaluationWork failed
                ? new EvaluationFailed(failed.Generation, e.GetBaseException().Message, EvaluatorError: true, IndicesOf(failed))
                : new Status.Failure(e));
        else
        {
            unit.Owner.Tell(done.Result);
            if (unit.Work is IEvaluationWork work && done.Result is IEvaluationResult result) Record(work, result, done.Seconds);
            if (unit.Work is EvaluateCandidates c) { batches++; candidates += c.Indices.Length; }
        }
        if (!unit.Pulled) return;
        // the freed slot: the owner first in line (declined or turned away earlier) is asked again, and so is the
        // owner of the finished unit; if both send a unit, the one that arrives second is declined (and waits in line)
        if (waiting.First is { } first)
        {
            waiting.RemoveFirst();
            first.Value.Tell(new RequestWork(Capacity));
            if (!Equals(first.Value, unit.Owner)) unit.Owner.Tell(new RequestWork(Capacity));
        }
        else unit.Owner.Tell(new RequestWork(Capacity));
    }

    void Wait(IActorRef owner)
    {
        if (!waiting.Contains(owner)) waiting.AddLast(owner);
    }

    static void Record(IEvaluationWork work, IEvaluationResult result, double seconds)
    {
        if (result is CandidatesEvaluated c)
            HadesMetrics.UnitEvaluated(work.Run.RunId, "candidates", c.Indices.Length, c.EnvSteps?.Sum() ?? 0, seconds);
        else if (result is MeanEvaluated)
            HadesMetrics.UnitEvaluated(work.Run.RunId, "mean", 0, 0, seconds);
    }

    static int[] IndicesOf(IEvaluationWork work) => work is EvaluateCandidates c ? c.Indices : [];
}
