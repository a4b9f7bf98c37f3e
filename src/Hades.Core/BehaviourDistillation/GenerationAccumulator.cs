namespace Hades.Core.BehaviourDistillation;

/// <summary>What happened to one evaluator result offered to a <see cref="GenerationAccumulator"/>.</summary>
public enum ResultOutcome
{
    Accepted,
    /// <summary>New candidates were taken; some of the batch had a fitness already and were dropped.</summary>
    AcceptedWithDuplicates,
    Stale,
    Duplicate,
    Invalid,
}

/// <summary>
/// Collects the fitness of one generation's candidates as evaluator batches come back, in any order.
/// Results for another generation are stale and dropped; a candidate already filled is a duplicate and
/// dropped. The generation is complete once every candidate has a fitness and the mean's eval return is in,
/// so each generation is applied exactly once with a complete fitness vector. A generation that does not score the
/// mean (<paramref name="evaluateMean"/> false: <see cref="HadesConfig.EvalEvery"/>) starts with NaN as its eval return.
/// </summary>
public sealed class GenerationAccumulator(int generation, int populationSize, bool evaluateMean = true)
{
    readonly float[] fitness = new float[populationSize];
    readonly bool[] filled = new bool[populationSize];
    readonly long[] envSteps = new long[populationSize];
    int filledCount;

    public int Generation { get; } = generation;
    public float? EvalReturn { get; private set; } = evaluateMean ? null : float.NaN;
    public int StaleDropped { get; private set; }
    public int DuplicatesDropped { get; private set; }
    public bool IsComplete => filledCount == fitness.Length && EvalReturn.HasValue;

    /// <summary>Offers a batch's fitness values and, optionally, the environment steps each candidate took.</summary>
    public ResultOutcome Offer(int resultGeneration, IReadOnlyList<int> indices, IReadOnlyList<float> values, IReadOnlyList<long>? steps = null)
    {
        if (resultGeneration != Generation) { StaleDropped++; return ResultOutcome.Stale; }
        if (indices.Count != values.Count || indices.Any(i => (uint)i >= (uint)fitness.Length)) return ResultOutcome.Invalid;
        if (steps is { Count: > 0 } && steps.Count != indices.Count) return ResultOutcome.Invalid;
        if (indices.All(i => filled[i])) { DuplicatesDropped++; return ResultOutcome.Duplicate; }
        bool overlap = false;
        for (int c = 0; c < indices.Count; c++)
        {
            if (filled[indices[c]]) { overlap = true; continue; }
            filled[indices[c]] = true; fitness[indices[c]] = values[c]; filledCount++;
            if (steps is { Count: > 0 }) envSteps[indices[c]] = steps[c];
        }
        if (!overlap) return ResultOutcome.Accepted;
        DuplicatesDropped++;
        return ResultOutcome.AcceptedWithDuplicates;
    }

    public ResultOutcome OfferEvalReturn(int resultGeneration, float evalReturn)
    {
        if (resultGeneration != Generation) { StaleDropped++; return ResultOutcome.Stale; }
        if (EvalReturn.HasValue) { DuplicatesDropped++; return ResultOutcome.Duplicate; }
        EvalReturn = evalReturn;
        return ResultOutcome.Accepted;
    }

    /// <summary>Candidates without a fitness yet (to re-issue after a failure).</summary>
    public int[] Missing() => Enumerable.Range(0, fitness.Length).Where(i => !filled[i]).ToArray();

    /// <summary>Environment steps of the accepted results (each candidate counted once, duplicates dropped).</summary>
    public long EnvSteps() => envSteps.Sum();

    public float[] Fitness() =>
        IsComplete ? (float[])fitness.Clone() : throw new InvalidOperationException($"generation {Generation} is not complete");
}
