using Hades.Actors.Evaluation;
using Xunit.Abstractions;

namespace Hades.Tests.Actors.Evaluation;

/// <summary>The bookkeeping of work pulling, with evaluators as strings and the time passed in.</summary>
public sealed class WorkLedgerTests
{
    static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    static WorkLedger<string, string> Ledger(int units, double hardTimeout = 60, int maxAttempts = 5)
    {
        var ledger = new WorkLedger<string, string>(S(hardTimeout), maxAttempts);
        for (int i = 0; i < units; i++) ledger.Add(new UnitId(0, i * 10), $"u{i}");
        return ledger;
    }

    [Fact]
    public void An_evaluator_never_holds_more_than_its_bound_and_a_faster_one_gets_more_units()
    {
        var ledger = Ledger(40);
        Assert.Equal(2, ledger.Request("fast", 2, S(0)).Count);
        Assert.Equal(2, ledger.Request("slow", 2, S(0)).Count);
        Assert.Empty(ledger.Request("fast", 2, S(0))); // asking again without finishing gives nothing more
        var held = new Dictionary<string, Queue<UnitId>> { ["fast"] = new(), ["slow"] = new() };
        foreach (var k in new[] { 0, 10 }) held["fast"].Enqueue(new UnitId(0, k));
        foreach (var k in new[] { 20, 30 }) held["slow"].Enqueue(new UnitId(0, k));
        var done = new Dictionary<string, int> { ["fast"] = 0, ["slow"] = 0 };
        // "fast" finishes a unit every 1 s, "slow" every 4 s; each asks again after a result
        for (int t = 1; ledger.Queued > 0 || held.Values.Any(q => q.Count > 0); t++)
        {
            foreach (var who in t % 4 == 0 ? new[] { "fast", "slow" } : ["fast"])
            {
                if (held[who].Count == 0) continue;
                foreach (var a in ledger.Completed(held[who].Dequeue(), who, S(t))) held[a.Evaluator].Enqueue(a.Unit);
                done[who]++;
                Assert.True(ledger.LiveAt(who) <= 2, $"{who} holds {ledger.LiveAt(who)} units");
            }
            Assert.True(t < 1000);
        }
        Assert.InRange(done["fast"] + done["slow"], 40, 42); // 40 units, plus at most a speculative copy or two at the end
        Assert.True(done["fast"] >= 3 * done["slow"], $"fast {done["fast"]}, slow {done["slow"]}");
    }

    [Fact]
    public void A_lost_evaluators_units_go_to_another_evaluator_first()
    {
        var ledger = Ledger(3);
        var first = ledger.Request("a", 2, S(0));
        Assert.Equal([new UnitId(0, 0), new UnitId(0, 10)], first.Select(a => a.Unit));
        ledger.Request("b", 1, S(0)); // takes unit 20
        Assert.Empty(ledger.Lost("a", S(1)));            // b is full: a's two units wait at the front of the queue
        Assert.Equal(2, ledger.Queued);
        var next = ledger.Completed(new UnitId(0, 20), "b", S(2));
        Assert.Equal(new UnitId(0, 0), Assert.Single(next).Unit);
        Assert.Equal(2, ledger.Requeued);
        Assert.Equal(1, ledger.Evaluators);
    }

    [Fact]
    public void A_unit_past_its_soft_deadline_gets_one_speculative_copy_on_an_idle_evaluator_only()
    {
        var ledger = Ledger(3);
        ledger.Request("a", 1, S(0));                    // unit 0
        ledger.Request("b", 1, S(0));                    // unit 10
        ledger.Request("slow", 1, S(0));                 // unit 20
        ledger.Completed(new UnitId(0, 0), "a", S(1));   // typical unit: 1 s
        ledger.Completed(new UnitId(0, 10), "b", S(1));
        Assert.Empty(ledger.Tick(S(1.4)));               // within 1.5 × median: no copy
        var copies = ledger.Tick(S(1.6));
        var copy = Assert.Single(copies);
        Assert.True(copy.Speculative);
        Assert.Equal(new UnitId(0, 20), copy.Unit);
        Assert.Equal("a", copy.Evaluator);               // idle, and not the holder
        Assert.Empty(ledger.Tick(S(5)));                 // one speculative copy per unit
        ledger.Completed(new UnitId(0, 20), "a", S(2.5)); // the copy wins
        Assert.Equal(0, ledger.LiveAt("a"));
        Assert.Equal(1, ledger.LiveAt("slow"));          // the original still runs and holds its slot
        ledger.Completed(new UnitId(0, 20), "slow", S(4)); // its late duplicate frees the slot
        Assert.Equal(0, ledger.LiveAt("slow"));
        Assert.Equal(1, ledger.SpeculativeIssued);
    }

    /// <summary>A dead holder's units (a killed worker the ledger has not been told about) all go to an idle evaluator
    /// at once, up to its bound, so it needs one round trip, not one per copy.</summary>
    [Fact]
    public void An_idle_evaluator_takes_late_units_up_to_its_bound_at_once()
    {
        var ledger = Ledger(4);
        ledger.Request("dead", 2, S(0));                 // units 0 and 10, never answered
        ledger.Request("live", 2, S(0));                 // units 20 and 30
        ledger.Completed(new UnitId(0, 20), "live", S(1));
        var copies = ledger.Completed(new UnitId(0, 30), "live", S(2)); // live is idle; the dead holder's first copy is
                                                                         // overdue (expected at 1 s), so the one behind it is too
        Assert.Equal([0, 10], copies.Select(c => c.Unit.Key).Order());
        Assert.All(copies, c => Assert.True(c.Speculative && c.Evaluator == "live"));
        Assert.Equal(2, ledger.LiveAt("live"));
        Assert.Empty(ledger.Tick(S(10)));                 // one speculative copy per unit
    }

    [Fact]
    public void No_speculative_copy_while_units_wait_or_when_no_evaluator_is_idle()
    {
        var ledger = Ledger(4);
        ledger.Request("a", 1, S(0));
        ledger.Request("b", 1, S(0));
        ledger.Completed(new UnitId(0, 0), "a", S(1));   // a takes unit 20 at once
        Assert.Empty(ledger.Tick(S(10)));                // unit 30 waits in the queue; nobody is idle
        Assert.Equal(0, ledger.SpeculativeIssued);
    }

    /// <summary>An evaluator that keeps talking (it answers the population's offers) but never answers the unit: each
    /// timeout is the unit's, so it costs an attempt, and the unit is issued a bounded number of times.</summary>
    [Fact]
    public void A_unit_that_keeps_getting_lost_is_reissued_a_bounded_number_of_times()
    {
        var ledger = Ledger(1, hardTimeout: 10, maxAttempts: 3);
        ledger.Request("mute", 1, S(0));
        int issued = 1;
        for (int t = 11; t < 1000; t += 11)
        {
            ledger.Request("mute", 1, S(t - 5));          // alive: it asks again (and has no room)
            issued += ledger.Tick(S(t)).Count;           // every copy times out
        }
        Assert.Equal(3, issued);
        Assert.Equal(new UnitId(0, 0), ledger.Exhausted);
    }

    /// <summary>An evaluator that has said nothing since its copy went out is in trouble itself (its node or link): the
    /// timeout costs the unit no attempt, and the evaluator gets nothing more until it speaks again.</summary>
    [Fact]
    public void A_silent_evaluator_gets_nothing_after_a_timeout_until_it_speaks_and_the_unit_keeps_its_attempts()
    {
        var ledger = Ledger(1, hardTimeout: 10, maxAttempts: 1);
        ledger.Request("silent", 1, S(0));
        for (int t = 11; t < 100; t += 11) Assert.Empty(ledger.Tick(S(t)));
        Assert.Equal(1, ledger.Queued);
        Assert.Null(ledger.Exhausted);                   // with one attempt, a counted timeout would have ended the run
        Assert.Equal(new UnitId(0, 0), Assert.Single(ledger.Request("silent", 1, S(100))).Unit); // it spoke again
    }

    /// <summary>Every evaluator hangs for good (its node stays, it never answers): the timeouts spend no attempts, so
    /// the ledger alone would wait for ever; <see cref="WorkLedger{TEvaluator,TWork}.Silence"/> says for how long every
    /// evaluator has said nothing, for the caller's bound.</summary>
    [Fact]
    public void When_every_evaluator_hangs_the_silence_grows_from_the_last_word_heard_and_names_them_all()
    {
        var ledger = Ledger(6, hardTimeout: 10, maxAttempts: 1);
        Assert.Null(ledger.Silence(S(0)));                // nobody has asked: waiting for evaluators is not silence
        Assert.Equal(2, ledger.Request("a", 2, S(0)).Count);
        Assert.Equal(2, ledger.Request("b", 2, S(3)).Count);
        Assert.Equal(S(2), ledger.Silence(S(5))!.Duration); // from b's request at 3 s, the last word heard
        for (int t = 11; t <= 600; t += 11) Assert.Empty(ledger.Tick(S(t)));
        Assert.Null(ledger.Exhausted);                    // the silent timeouts cost nothing: no failure from the attempts
        Assert.Equal(6, ledger.Queued);
        var silence = ledger.Silence(S(600))!;
        Assert.Equal(["a", "b"], silence.Evaluators);
        Assert.Equal(S(597), silence.Duration);

        // one word from either evaluator ends the silence
        Assert.Equal(2, ledger.Request("a", 2, S(601)).Count);
        Assert.Equal(S(0), ledger.Silence(S(601))!.Duration);
    }

    [Fact]
    public void A_working_evaluator_keeps_the_silence_short_and_a_lost_one_leaves_no_silence_to_count()
    {
        var ledger = Ledger(4, hardTimeout: 10);
        ledger.Request("hung", 1, S(0));
        var held = Assert.Single(ledger.Request("ok", 1, S(0))).Unit;
        for (int t = 1; t <= 3; t++)
        {
            var next = ledger.Completed(held, "ok", S(4 * t));        // a unit every 4 s
            held = Assert.Single(next).Unit;
            Assert.Equal(S(1), ledger.Silence(S(4 * t + 1))!.Duration);
        }
        Assert.Empty(ledger.Lost("ok", S(13)));
        Assert.Empty(ledger.Lost("hung", S(13)));
        Assert.Null(ledger.Silence(S(500)));               // no evaluator left: the population waits for one to join
    }

    [Fact]
    public void Silence_counts_from_when_the_work_opened_not_from_an_idle_time_before()
    {
        var ledger = new WorkLedger<string, string>(S(10));
        Assert.Empty(ledger.Request("a", 1, S(0)));        // asked at 0 s; no work then
        Assert.Null(ledger.Silence(S(100)));               // nothing open: an idle evaluator is not silent
        ledger.Add(new UnitId(1, 0), "u");
        Assert.Single(ledger.Tick(S(100)));                 // the work opens at 100 s and goes to a
        Assert.Equal(S(30), ledger.Silence(S(130))!.Duration);
        Assert.Empty(ledger.Completed(new UnitId(1, 0), "a", S(131)));
        Assert.Null(ledger.Silence(S(500)));               // done: nothing open
    }

    [Fact]
    public void A_declined_unit_goes_back_to_the_front_without_an_attempt_and_to_an_evaluator_with_room()
    {
        var ledger = Ledger(3, maxAttempts: 2);
        Assert.Equal([new UnitId(0, 0), new UnitId(0, 10)], ledger.Request("full", 2, S(0)).Select(a => a.Unit));
        // "full" holds other owners' units: it hands unit 0 back; nobody else has room, so it waits at the front
        Assert.Empty(ledger.Declined(new UnitId(0, 0), "full", S(1)));
        Assert.Equal(2, ledger.Queued);
        Assert.Equal(1, ledger.LiveAt("full"));
        Assert.Equal(1, ledger.Declines);
        Assert.Equal(0, ledger.Requeued); // a decline is not a loss
        // "full" finishes unit 10 but gets nothing more until it asks again
        Assert.Empty(ledger.Completed(new UnitId(0, 10), "full", S(2)));
        var next = ledger.Request("room", 1, S(3));
        Assert.Equal(new UnitId(0, 0), Assert.Single(next).Unit); // the declined unit first
        // with maxAttempts 2 a counted decline would have exhausted it here: losing this copy would end the run
        Assert.Empty(ledger.Lost("room", S(4)));
        Assert.Null(ledger.Exhausted);
        Assert.Equal(new UnitId(0, 0), Assert.Single(ledger.Request("full", 1, S(5))).Unit);
    }

    [Fact]
    public void A_unit_declined_by_every_evaluator_waits_in_the_queue_instead_of_bouncing()
    {
        var ledger = Ledger(1);
        ledger.Request("a", 2, S(0));
        ledger.Request("b", 2, S(0));
        int issued = 1, declines = 0;
        // each evaluator declines whatever it gets and never asks again: the unit goes to each of them once, then waits
        for (int t = 1; t < 100; t++)
        {
            var holder = ledger.LiveAt("a") > 0 ? "a" : ledger.LiveAt("b") > 0 ? "b" : null;
            if (holder is null) break;
            declines++;
            issued += ledger.Declined(new UnitId(0, 0), holder, S(t)).Count;
        }
        Assert.Equal(2, issued);
        Assert.Equal(2, declines);
        Assert.Equal(1, ledger.Queued);
        Assert.Empty(ledger.Tick(S(200)));  // time alone gives it to nobody
        Assert.Single(ledger.Request("b", 2, S(201))); // until an evaluator asks again
    }

    /// <summary>
    /// NetnsFaultTests.Every_worker_cut_off_for_30_seconds_then_healed, at the ledger (ask-timeout 5 s, 5 attempts): three
    /// evaluators hold the generation's last 4 units when every one of them is cut off; the ledger hears nothing more,
    /// and the cluster removes the three nodes one after another about 17 s later (failure detection, the split-brain
    /// resolver's stable-after, removal, on a loaded machine). The units must still have attempts left for the healed
    /// workers. Before the fix each hard-timeout expiry re-issued a unit to an unreachable evaluator (5, 10, 15 s) and
    /// each removal moved the removed evaluator's units to another unreachable one with room, an attempt each time, so
    /// a unit reached 5 issues at the second removal and the run failed with "a work unit was lost 5 times".
    /// </summary>
    [Fact]
    public void Every_evaluator_cut_off_until_the_cluster_removes_them_leaves_the_units_their_attempts()
    {
        var ledger = new WorkLedger<string, string>(S(5), maxAttempts: 5);
        for (int i = 0; i < 4; i++) ledger.Add(new UnitId(5, i * 8), $"u{i}");
        int issued = ledger.Request("w0", 2, S(0)).Count + ledger.Request("w1", 1, S(0)).Count + ledger.Request("w2", 1, S(0)).Count;
        Assert.Equal(4, issued);
        ledger.Request("w1", 2, S(0.01));                // w1 and w2 have a spare slot (nothing left to give them yet)
        ledger.Request("w2", 2, S(0.01));
        // cut off at 0.1 s: silence; the population ticks every 20 ms
        for (double t = 0.12; t < 17; t += 0.02) issued += ledger.Tick(S(t)).Count;
        foreach (var (node, at) in new[] { ("w0", 17.0), ("w1", 17.3), ("w2", 17.6) }) issued += ledger.Lost(node, S(at)).Count;
        Assert.Null(ledger.Exhausted);
        Assert.All(Enumerable.Range(0, 4), i => Assert.InRange(ledger.AttemptsOf(new UnitId(5, i * 8)), 0, 1));
        // an evaluator heard from after its copies went out may be filled once more; after that silence it gets nothing
        Assert.True(issued <= 4 + 3 * 2, $"{issued} issues while nobody could answer");
        // healed at 30 s: the workers' new incarnations ask and answer every unit
        var held = new Queue<Assignment<string, string>>();
        foreach (var node in new[] { "n0", "n1", "n2" }) foreach (var a in ledger.Request(node, 2, S(31))) held.Enqueue(a);
        double now = 31;
        while (held.Count > 0)
        {
            var a = held.Dequeue();
            now += 0.1;
            foreach (var more in ledger.Completed(a.Unit, a.Evaluator, S(now))) held.Enqueue(more);
        }
        Assert.Null(ledger.Exhausted);
        Assert.Equal(0, ledger.Queued);
        Assert.Equal(0, ledger.InFlight);
    }

    /// <summary>A unit whose original copy was lost while its speculative copy was still out, and whose speculative
    /// copy is then declined (its evaluator is busy with another population's unit), has no copy left: it must go back
    /// to the queue, or its generation waits forever.</summary>
    [Fact]
    public void A_declined_speculative_copy_that_was_the_last_copy_queues_its_unit_again()
    {
        var ledger = Ledger(2);
        ledger.Request("dead", 1, S(0));                 // unit 0, never answered
        ledger.Request("b", 1, S(0));                    // unit 10
        ledger.Completed(new UnitId(0, 10), "b", S(1));  // median 1 s; b idle
        var copy = Assert.Single(ledger.Tick(S(2.5)));   // unit 0 is late: a speculative copy on b
        Assert.True(copy.Speculative);
        Assert.Empty(ledger.Lost("dead", S(3)));         // the original's node was downed; the copy on b still counts
        Assert.Equal(0, ledger.Queued);
        Assert.Empty(ledger.Declined(new UnitId(0, 0), "b", S(4))); // b was busy with another owner's unit after all
        Assert.Equal(1, ledger.Queued);                  // not orphaned: queued again, without an attempt spent
        Assert.Equal(new UnitId(0, 0), Assert.Single(ledger.Request("c", 1, S(5))).Unit);
        Assert.Null(ledger.Exhausted);
    }

    [Fact]
    public void A_late_result_for_a_unit_counts_and_units_of_old_generations_are_forgotten()
    {
        var ledger = Ledger(2, hardTimeout: 10);
        ledger.Request("a", 2, S(0));
        Assert.Empty(ledger.Tick(S(11)));                // both copies presumed lost: queued again; a, silent, gets none
        Assert.Equal(2, ledger.Requeued);
        var resumed = ledger.Completed(new UnitId(0, 0), "a", S(12)); // its late result counts, and a speaks again
        Assert.Equal(new UnitId(0, 10), Assert.Single(resumed).Unit);
        ledger.ForgetBefore(1);
        ledger.Add(new UnitId(1, 0), "next");
        var next = ledger.Request("a", 2, S(12));
        Assert.Equal(new UnitId(1, 0), Assert.Single(next).Unit);
    }

    [Theory]
    [InlineData(256, 8, 128, 16)]
    [InlineData(256, 1, 128, 128)]
    [InlineData(256, 100, 128, 4)]
    [InlineData(16, 2, 4, 4)]
    [InlineData(504, 8, 8, 8)]
    [InlineData(16, 64, 2, 2)]
    public void Units_are_about_half_a_share_per_evaluator_within_the_floor_and_the_batch_size(int population, int evaluators, int batch, int expected) =>
        Assert.Equal(expected, UnitSizing.CandidatesPerUnit(population, evaluators, batch));
}

/// <summary>The dispatching rules in a model without a wall clock (<see cref="WorkPullingSimulation"/>).</summary>
public sealed class WorkPullingModelTests
{
    readonly ITestOutputHelper output;

    public WorkPullingModelTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Eight_equal_evaluators_reach_almost_all_of_their_capacity()
    {
        var outcome = WorkPullingSimulation.Run(Enumerable.Repeat(0.05, 8).ToArray(), 64, 6);
        output.WriteLine($"{outcome}");
        Assert.True(outcome.ShareOfCapacity >= 0.97, $"share {outcome.ShareOfCapacity:0.000}");
    }

    [Fact]
    public void One_evaluator_four_times_slower_among_eight_costs_less_than_a_tenth_of_the_capacity()
    {
        var outcome = WorkPullingSimulation.Run([.. Enumerable.Repeat(0.05, 7), 0.2], 64, 6);
        output.WriteLine($"{outcome} units per evaluator {string.Join(',', outcome.UnitsPerEvaluator)}");
        Assert.True(outcome.ShareOfCapacity >= 0.9, $"share {outcome.ShareOfCapacity:0.000}");
        Assert.True(outcome.UnitsPerEvaluator[7] < outcome.UnitsPerEvaluator[0], "the slow evaluator did as much as a fast one");
    }
    /// <summary>Issue 16: a worker SIGKILLed mid-run costs at most one unit's time. Two equal evaluators (unit 1 s of
    /// model time, 5 units a generation: the mean and four candidate units, as in WorkerKillCostTests); one dies
    /// silently at every tenth of a unit over four generations. The ledger is never told (the cluster takes
    /// ~15 s to remove a killed node), so its units can only come back as speculative copies once they are late.
    /// The generation in flight at the kill may take at most one unit longer than a generation of the survivor
    /// alone (the dead worker's partly done unit is the work lost), and nothing waits for the hard timeout.</summary>
    [Fact]
    public void A_silently_killed_evaluator_costs_at_most_one_unit_without_being_reported_lost()
    {
        const double unit = 1.0;
        const int unitsPerGeneration = 5, generations = 8;
        double alone = unitsPerGeneration * unit; // the survivor alone, every unit in turn
        double worst = double.MinValue;
        for (double at = 2.5 * unit; at < 12.5 * unit; at += 0.1 * unit) // two-evaluator generations take about 2.5 units
        {
            var outcome = WorkPullingSimulation.Run([unit, unit], unitsPerGeneration, generations, kill: new(0, at));
            var seconds = outcome.GenerationSeconds;
            Assert.Equal(generations, seconds.Length);
            Assert.Equal(0, outcome.Requeued);
            // the generation in flight at the kill
            int affected = 0;
            for (double end = seconds[0]; end <= at; end += seconds[++affected]) { }
            double extra = seconds[affected] - alone;
            worst = Math.Max(worst, extra);
            output.WriteLine($"kill at {at:0.00}: generation {affected} took {seconds[affected]:0.00} (alone {alone:0.00}); extra {extra / unit:0.00} units; later {string.Join(' ', seconds[(affected + 1)..].Select(x => x.ToString("0.00")))}; {outcome.SpeculativeCopies} speculative copies");
            Assert.True(extra <= 1.0 * unit + 0.1, $"kill at {at}: generation {affected} took {extra / unit:0.00} units longer than the survivor alone");
            Assert.All(seconds[(affected + 1)..], s => Assert.True(s <= alone + 0.1, $"a generation after the kill took {s}"));
        }
        output.WriteLine($"worst extra: {worst / unit:0.00} units");
    }
}
