using Hades.Actors.Evaluation;

namespace Hades.Tests.Actors.Evaluation;

/// <summary>
/// A discrete-event model of work pulling over <see cref="WorkLedger{TEvaluator,TWork}"/>: evaluators with fixed
/// unit times process their units in arrival order, ask again after each result (as <c>PullingEvaluator</c>
/// does) and the population ticks every 50 ms of model time. No wall clock is involved, so the share of the
/// evaluators' aggregate capacity it reaches is a property of the dispatching rules alone. An evaluator can be
/// killed silently at a model time (<c>kill</c>): it stops, never answers, and the ledger is not told (as before
/// the cluster notices a SIGKILLed node), so only the ledger's own deadlines can recover its units.
/// </summary>
public static class WorkPullingSimulation
{
    /// <param name="GenerationSeconds">Model time of each generation, in order.</param>
    public sealed record Outcome(double SecondsPerGeneration, double ShareOfCapacity, int SpeculativeCopies, int[] UnitsPerEvaluator,
        double[] GenerationSeconds, int Requeued);

    /// <summary>Evaluator <paramref name="Evaluator"/> dies silently at model time <paramref name="AtSeconds"/>.</summary>
    public sealed record Kill(int Evaluator, double AtSeconds);

    public static Outcome Run(double[] unitSeconds, int unitsPerGeneration, int generations, int capacity = 2, double tick = 0.05,
        Kill? kill = null)
    {
        int n = unitSeconds.Length;
        var ledger = new WorkLedger<int, int>(TimeSpan.FromSeconds(600));
        var fifo = Enumerable.Range(0, n).Select(_ => new Queue<UnitId>()).ToArray();
        var busyUntil = new double[n];
        var started = new bool[n];
        var done = new int[n];
        double now = 0, nextTick = 0;
        bool dead = false;
        var generationSeconds = new List<double>();
        var finished = new HashSet<UnitId>();
        int generation = 0;
        double generationStart = 0;

        void Take(List<Assignment<int, int>> assignments)
        {
            foreach (var a in assignments)
                if (!(dead && a.Evaluator == kill!.Evaluator)) fifo[a.Evaluator].Enqueue(a.Unit); // sent to a dead node: lost
        }
        void StartGeneration()
        {
            ledger.ForgetBefore(generation);
            for (int u = 0; u < unitsPerGeneration; u++) ledger.Add(new UnitId(generation, u), u);
            generationStart = now;
            Take(ledger.Tick(TimeSpan.FromSeconds(now)));
        }

        for (int e = 0; e < n; e++) Take(ledger.Request(e, capacity, TimeSpan.Zero));
        StartGeneration();
        while (generation < generations)
        {
            // start idle evaluators on their next unit
            for (int e = 0; e < n; e++)
                if (!started[e] && fifo[e].Count > 0) { started[e] = true; busyUntil[e] = now + unitSeconds[e]; }
            // next event: a completion or a tick
            double nextDone = Enumerable.Range(0, n).Where(e => started[e]).Select(e => busyUntil[e]).DefaultIfEmpty(double.MaxValue).Min();
            if (kill is { } k && !dead && k.AtSeconds <= Math.Min(nextTick, nextDone))
            {
                now = k.AtSeconds;
                dead = true;
                unitSeconds = [.. unitSeconds]; // the caller's array stays as it was
                started[k.Evaluator] = false; // its unit in progress is lost with it
                fifo[k.Evaluator].Clear();
                unitSeconds[k.Evaluator] = double.PositiveInfinity;
                continue;
            }
            if (nextTick <= nextDone)
            {
                now = nextTick; nextTick += tick;
                Take(ledger.Tick(TimeSpan.FromSeconds(now)));
                continue;
            }
            now = nextDone;
            int who = Enumerable.Range(0, n).First(e => started[e] && busyUntil[e] == nextDone);
            var unit = fifo[who].Dequeue();
            started[who] = false;
            done[who]++;
            var at = TimeSpan.FromSeconds(now);
            Take(ledger.Completed(unit, who, at));
            Take(ledger.Request(who, capacity, at));
            if (unit.Generation == generation && finished.Add(unit) && finished.Count(f => f.Generation == generation) == unitsPerGeneration)
            {
                generationSeconds.Add(now - generationStart);
                generation++;
                if (generation < generations) StartGeneration();
            }
        }
        double perGeneration = generationSeconds.Average();
        double capacityUnitsPerSecond = unitSeconds.Sum(s => 1 / s); // the survivors' capacity after a kill
        return new Outcome(perGeneration, unitsPerGeneration / perGeneration / capacityUnitsPerSecond, ledger.SpeculativeIssued, done,
            [.. generationSeconds], ledger.Requeued);
    }
}
