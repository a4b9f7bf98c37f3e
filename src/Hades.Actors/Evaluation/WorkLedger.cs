namespace Hades.Actors.Evaluation;

/// <summary>One unit of a generation's work: <see cref="Key"/> is the first candidate index of the unit, or
/// <see cref="MeanKey"/> for the evaluation of the generation's mean.</summary>
public readonly record struct UnitId(int Generation, int Key)
{
    public const int MeanKey = -1;
}

/// <summary>A unit handed to an evaluator by <see cref="WorkLedger{TEvaluator,TWork}"/>.</summary>
public readonly record struct Assignment<TEvaluator, TWork>(TEvaluator Evaluator, UnitId Unit, TWork Work, bool Speculative);

/// <summary>Work is open and none of <paramref name="Evaluators"/> (every evaluator that holds or could take it) has
/// said anything for <paramref name="Duration"/> (<see cref="WorkLedger{TEvaluator,TWork}.Silence"/>).</summary>
public sealed record Silence<TEvaluator>(IReadOnlyList<TEvaluator> Evaluators, TimeSpan Duration);

/// <summary>
/// The bookkeeping of work pulling (no Akka, no clock: the caller passes the time). Evaluators state their
/// in-flight bound when they ask for work; the ledger gives each at most that many live units, in rounds over
/// the evaluators that have room, so a fast evaluator, which asks again sooner, gets more. A unit whose copy
/// is lost (its evaluator died, failed, or stayed silent past <see cref="HardTimeout"/>) goes back to the
/// front of the queue, at most <see cref="MaxAttempts"/> times; after that <see cref="Exhausted"/> names it. A copy
/// that times out at an evaluator that has said nothing at all since the copy went out costs no attempt (the
/// evaluator, its node or its link, is in trouble, not the unit), and that evaluator is silent: it gets nothing until
/// it speaks again (asks, answers, fails or declines). So while the cluster decides whether unreachable nodes are gone,
/// units wait in the queue instead of hopping from one unreachable evaluator to the next at an attempt each; every
/// issue either costs an attempt or silences an evaluator, so no unit is issued without bound. A cluster whose every
/// evaluator hangs for good (its node stays, its process never answers) therefore spends no attempts: the caller
/// reads <see cref="Silence"/> (how long every evaluator has said nothing while work is open) and gives up past its
/// bound.
/// When the queue is empty and an evaluator holds nothing, units running longer than their soft deadline
/// (<see cref="SoftDeadlineFactor"/> × the median service time of recent units) get one speculative copy each there,
/// up to that evaluator's in-flight bound at once, each only if that evaluator, at its own pace, would finish it
/// before the holder is expected to (the holder works
/// through its units in order at its measured pace); the latest-finishing unit goes first. The first result
/// wins; the other copy is a duplicate the accumulator drops.
/// </summary>
public sealed class WorkLedger<TEvaluator, TWork> where TEvaluator : notnull
{
    sealed record Copy(TEvaluator Evaluator, TimeSpan IssuedAt, bool Speculative);

    sealed class UnitState(TWork work)
    {
        public TWork Work { get; } = work;
        public List<Copy> Copies { get; } = [];
        public int Attempts { get; set; }
        public int Speculative { get; set; }
        public bool Done { get; set; }
    }

    sealed class EvaluatorState
    {
        public int Capacity { get; set; }
        public int Live { get; set; }
        /// <summary>Seconds this evaluator takes per unit (moving average), once it has returned one.</summary>
        public double? Service { get; set; }
        public TimeSpan LastResult { get; set; }
        /// <summary>When it last said anything here (asked, answered, failed or declined).</summary>
        public TimeSpan LastHeard { get; set; }
        /// <summary>A copy it held timed out and it has said nothing since: it gets no units until it speaks again.</summary>
        public bool Silent { get; set; }
    }

    readonly Dictionary<UnitId, UnitState> units = new();
    readonly LinkedList<UnitId> queue = new();
    readonly Dictionary<TEvaluator, EvaluatorState> evaluators = new();
    readonly List<TEvaluator> order = []; // evaluators in the order they first asked, for fair rounds
    readonly Queue<double> recentSeconds = new();
    TimeSpan? openSince; // since when work has been waiting or running without a break (seen at the last dispatch)

    public TimeSpan HardTimeout { get; }
    public int MaxAttempts { get; }
    public double SoftDeadlineFactor { get; }
    public int MaxSpeculativeCopies { get; }

    /// <summary>A unit that was lost <see cref="MaxAttempts"/> times; the run cannot go on.</summary>
    public UnitId? Exhausted { get; private set; }
    public int Requeued { get; private set; }
    public int SpeculativeIssued { get; private set; }
    /// <summary>Units handed back by evaluators that were full (<see cref="Declined"/>).</summary>
    public int Declines { get; private set; }

    public WorkLedger(TimeSpan hardTimeout, int maxAttempts = 5, double softDeadlineFactor = 1.0, int maxSpeculativeCopies = 1)
    {
        HardTimeout = hardTimeout; MaxAttempts = maxAttempts; SoftDeadlineFactor = softDeadlineFactor; MaxSpeculativeCopies = maxSpeculativeCopies;
    }

    /// <summary>Evaluators that have asked for work and are not known to be lost.</summary>
    public int Evaluators => evaluators.Count;

    /// <summary>Units waiting for an evaluator.</summary>
    public int Queued => queue.Count;

    /// <summary>Live copies held by all evaluators (speculative duplicates included).</summary>
    public int InFlight => evaluators.Values.Sum(e => e.Live);

    /// <summary>Attempts a unit has spent (issues that counted), or -1 for a unit the ledger does not hold.</summary>
    public int AttemptsOf(UnitId id) => units.TryGetValue(id, out var u) ? u.Attempts : -1;

    /// <summary>While work is open (queued, or running at an evaluator) and evaluators have asked for it: how long none of
    /// them has said anything (asked, answered, failed or declined), counted from when the work opened at the earliest,
    /// and which evaluators they are. Null with no open work, or with no evaluators (waiting for one to join is not
    /// silence). A healthy evaluator speaks at least once per unit (it asks again after each), so this grows only
    /// while every evaluator holds units it does not finish, or was silenced by a timeout and never spoke again.</summary>
    public Silence<TEvaluator>? Silence(TimeSpan now)
    {
        if (evaluators.Count == 0 || !HasOpenWork) return null;
        var since = order.Select(e => evaluators[e].LastHeard).Append(openSince ?? now).Max();
        return new Silence<TEvaluator>([.. order], now > since ? now - since : TimeSpan.Zero);
    }

    bool HasOpenWork => queue.Count > 0 || units.Values.Any(u => !u.Done && u.Copies.Count > 0);

    /// <summary>Live copies held by one evaluator (0 for an unknown one).</summary>
    public int LiveAt(TEvaluator evaluator) => evaluators.TryGetValue(evaluator, out var e) ? e.Live : 0;

    public void Add(UnitId id, TWork work)
    {
        if (units.ContainsKey(id)) return;
        units[id] = new UnitState(work);
        queue.AddLast(id);
    }

    /// <summary>Drops the units of generations before <paramref name="generation"/> from the queue; copies that are
    /// still running keep their evaluators' slots until they answer or time out.</summary>
    public void ForgetBefore(int generation)
    {
        foreach (var id in units.Keys.Where(u => u.Generation < generation).ToList())
        {
            var unit = units[id];
            unit.Done = true;
            queue.Remove(id);
            if (unit.Copies.Count == 0) units.Remove(id);
        }
    }

    /// <summary>An evaluator asks for work: it can hold <paramref name="capacity"/> units at once.</summary>
    public List<Assignment<TEvaluator, TWork>> Request(TEvaluator evaluator, int capacity, TimeSpan now)
    {
        if (!evaluators.TryGetValue(evaluator, out var state))
        {
            evaluators[evaluator] = state = new EvaluatorState();
            order.Add(evaluator);
        }
        state.Capacity = Math.Max(0, capacity);
        Heard(evaluator, now);
        return Dispatch(now);
    }

    /// <summary>A result came back from <paramref name="from"/>: the unit is done whoever computed it.</summary>
    public List<Assignment<TEvaluator, TWork>> Completed(UnitId id, TEvaluator from, TimeSpan now)
    {
        Heard(from, now);
        if (units.TryGetValue(id, out var unit))
        {
            var copy = RemoveCopy(unit, from);
            if (copy != null && evaluators.TryGetValue(from, out var state))
            {
                // service time: from when the evaluator could start it (it works through its units in order)
                var start = copy.IssuedAt > state.LastResult ? copy.IssuedAt : state.LastResult;
                double seconds = (now - start).TotalSeconds;
                Remember(seconds);
                state.Service = state.Service is { } s ? 0.7 * s + 0.3 * seconds : seconds;
                state.LastResult = now;
            }
            unit.Done = true;
            queue.Remove(id);
            if (unit.Copies.Count == 0) units.Remove(id);
        }
        return Dispatch(now);
    }

    /// <summary>The evaluator could not compute the unit: it is queued again (an attempt is spent).</summary>
    public List<Assignment<TEvaluator, TWork>> Failed(UnitId id, TEvaluator from, TimeSpan now)
    {
        Heard(from, now);
        if (units.TryGetValue(id, out var unit)) { RemoveCopy(unit, from); RequeueIfOrphaned(id, unit); }
        return Dispatch(now);
    }

    /// <summary>The evaluator declined the unit because it already holds its in-flight bound of other owners' units:
    /// the copy is not live any more, the unit goes back to the front of the queue without spending an attempt when
    /// that was its last copy (a declined speculative copy frees the unit's speculation for another idle evaluator, and
    /// queues the unit when its original was lost meanwhile), and that evaluator gets no more units here until it asks again
    /// (<see cref="Request"/>), so a unit cannot bounce between this ledger and a full evaluator.</summary>
    public List<Assignment<TEvaluator, TWork>> Declined(UnitId id, TEvaluator from, TimeSpan now)
    {
        Heard(from, now);
        if (evaluators.TryGetValue(from, out var state)) state.Capacity = 0;
        if (units.TryGetValue(id, out var unit) && RemoveCopy(unit, from) is { } copy)
        {
            Declines++;
            if (copy.Speculative) unit.Speculative = Math.Max(0, unit.Speculative - 1); // it never ran: another idle evaluator may take one
            else unit.Attempts = Math.Max(0, unit.Attempts - 1);
            // its last copy (a declined speculative copy can be the last one, when the original was lost meanwhile)
            if (unit.Copies.Count == 0)
            {
                if (unit.Done) units.Remove(id);
                else if (!queue.Contains(id)) queue.AddFirst(id);
            }
        }
        return Dispatch(now);
    }

    /// <summary>The evaluator is gone (its node left or was downed): its units are queued again.</summary>
    public List<Assignment<TEvaluator, TWork>> Lost(TEvaluator evaluator, TimeSpan now)
    {
        if (evaluators.Remove(evaluator))
        {
            order.Remove(evaluator);
            var hit = units.Where(u => u.Value.Copies.RemoveAll(c => Equals(c.Evaluator, evaluator)) > 0).ToList();
            for (int i = hit.Count - 1; i >= 0; i--) RequeueIfOrphaned(hit[i].Key, hit[i].Value); // keep their order at the front
        }
        return Dispatch(now);
    }

    /// <summary>Time passes: copies silent past the hard timeout are presumed lost; long-running units get a
    /// speculative copy on an idle evaluator when nothing else is waiting.</summary>
    public List<Assignment<TEvaluator, TWork>> Tick(TimeSpan now)
    {
        var hit = new List<KeyValuePair<UnitId, UnitState>>();
        foreach (var entry in units)
        {
            var expired = entry.Value.Copies.Where(c => now - c.IssuedAt > HardTimeout).ToList();
            foreach (var copy in expired)
            {
                RemoveCopy(entry.Value, copy.Evaluator);
                if (evaluators.TryGetValue(copy.Evaluator, out var state) && state.LastHeard <= copy.IssuedAt)
                {
                    // nothing heard from it since the copy went out: the evaluator (its node, its link) is in trouble,
                    // not the unit, so the issue costs the unit no attempt, and the evaluator gets nothing more until
                    // it speaks again (while the cluster decides whether its node is gone, units do not hop from one
                    // unreachable evaluator to the next, spending an attempt at each)
                    state.Silent = true;
                    if (!copy.Speculative) entry.Value.Attempts = Math.Max(0, entry.Value.Attempts - 1);
                }
            }
            if (expired.Count > 0) hit.Add(entry);
        }
        for (int i = hit.Count - 1; i >= 0; i--) RequeueIfOrphaned(hit[i].Key, hit[i].Value);
        return Dispatch(now);
    }

    /// <summary>Speculative copies for late units, onto evaluators that hold nothing (only when no unit waits).</summary>
    void Speculate(TimeSpan now, List<Assignment<TEvaluator, TWork>> assignments)
    {
        if (queue.Count > 0 || recentSeconds.Count == 0) return;
        double median = Median();
        var deadline = TimeSpan.FromSeconds(SoftDeadlineFactor * median);
        var idle = order.Where(e => evaluators[e] is { Live: 0, Capacity: > 0, Silent: false })
            .OrderBy(e => evaluators[e].Service ?? median).ToList();
        if (idle.Count == 0) return;
        // units past their deadline that a copy elsewhere could still finish sooner, latest expected finish first
        var late = ExpectedFinishes(median, now)
            .Where(f => units[f.Unit] is { Done: false, Copies.Count: 1 } u && u.Speculative < MaxSpeculativeCopies
                        && now - u.Copies[0].IssuedAt > deadline)
            .OrderByDescending(f => f.Finish).ToList();
        foreach (var evaluator in idle)
        {
            // up to its bound at once (one round trip, not one per copy); its k-th copy would finish k service times from now
            double service = evaluators[evaluator].Service ?? median;
            for (int k = 1; k <= evaluators[evaluator].Capacity; k++)
            {
                var pick = late.FindIndex(f => !Equals(f.Holder, evaluator) && f.Finish > now + TimeSpan.FromSeconds(k * service));
                if (pick < 0) break;
                var id = late[pick].Unit;
                late.RemoveAt(pick);
                var unit = units[id];
                unit.Speculative++;
                SpeculativeIssued++;
                assignments.Add(Give(evaluator, id, unit, now, speculative: true));
            }
        }
    }

    /// <summary>When each live copy should finish: every evaluator works through its copies in the order they were
    /// issued, one per its service time (the median of all units for an evaluator that has returned none). A copy
    /// more than half a service time past its expected finish is overdue: nobody knows when it will end, so it counts as
    /// last, and so does every copy behind it at the same evaluator (a killed worker's units all become late at once).</summary>
    List<(UnitId Unit, TEvaluator Holder, TimeSpan Finish)> ExpectedFinishes(double median, TimeSpan now)
    {
        var result = new List<(UnitId, TEvaluator, TimeSpan)>();
        foreach (var group in units.SelectMany(u => u.Value.Copies.Select(c => (Unit: u.Key, Copy: c))).GroupBy(x => x.Copy.Evaluator))
        {
            var state = evaluators.GetValueOrDefault(group.Key);
            var service = TimeSpan.FromSeconds(state?.Service ?? median);
            var t = state?.LastResult ?? TimeSpan.Zero;
            bool stuck = false; // an overdue copy holds up every copy behind it
            foreach (var (unit, copy) in group.OrderBy(x => x.Copy.IssuedAt))
            {
                t = (copy.IssuedAt > t ? copy.IssuedAt : t) + service;
                stuck |= now > t + service / 2;
                result.Add((unit, group.Key, stuck ? TimeSpan.MaxValue : t));
            }
        }
        return result;
    }

    /// <summary>Rounds over the evaluators with room, one unit each per round, until the queue or the room runs out.</summary>
    List<Assignment<TEvaluator, TWork>> Dispatch(TimeSpan now)
    {
        var assignments = new List<Assignment<TEvaluator, TWork>>();
        bool gave = true;
        while (queue.Count > 0 && gave)
        {
            gave = false;
            foreach (var evaluator in order)
            {
                if (queue.Count == 0) break;
                var state = evaluators[evaluator];
                if (state.Live >= state.Capacity || state.Silent) continue;
                var id = queue.First!.Value;
                queue.RemoveFirst();
                var unit = units[id];
                unit.Attempts++;
                assignments.Add(Give(evaluator, id, unit, now, speculative: false));
                gave = true;
            }
        }
        Speculate(now, assignments);
        openSince = HasOpenWork ? openSince ?? now : null;
        return assignments;
    }

    Assignment<TEvaluator, TWork> Give(TEvaluator evaluator, UnitId id, UnitState unit, TimeSpan now, bool speculative)
    {
        unit.Copies.Add(new Copy(evaluator, now, speculative));
        evaluators[evaluator].Live++;
        return new Assignment<TEvaluator, TWork>(evaluator, id, unit.Work, speculative);
    }

    /// <summary>The evaluator said something (asked, answered, failed or declined): it is not silent.</summary>
    void Heard(TEvaluator evaluator, TimeSpan now)
    {
        if (!evaluators.TryGetValue(evaluator, out var state)) return;
        state.LastHeard = now;
        state.Silent = false;
    }

    Copy? RemoveCopy(UnitState unit, TEvaluator evaluator)
    {
        var copy = unit.Copies.FirstOrDefault(c => Equals(c.Evaluator, evaluator));
        if (copy is null) return null;
        unit.Copies.Remove(copy);
        if (evaluators.TryGetValue(evaluator, out var state)) state.Live = Math.Max(0, state.Live - 1);
        return copy;
    }

    void RequeueIfOrphaned(UnitId id, UnitState unit)
    {
        if (unit.Copies.Count > 0) return;
        if (unit.Done) { units.Remove(id); return; }
        if (queue.Contains(id)) return;
        if (unit.Attempts >= MaxAttempts) { Exhausted ??= id; return; }
        Requeued++;
        queue.AddFirst(id);
    }

    void Remember(double seconds)
    {
        recentSeconds.Enqueue(seconds);
        if (recentSeconds.Count > 64) recentSeconds.Dequeue();
    }

    double Median()
    {
        var sorted = recentSeconds.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
