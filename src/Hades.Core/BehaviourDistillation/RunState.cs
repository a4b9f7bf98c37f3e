using Hades.Core.Runs;
using Hades.Core.Es;

namespace Hades.Core.BehaviourDistillation;

/// <summary>
/// The state a population owns: the ES state and the per-generation history. <see cref="Apply"/> is the only
/// transition, and it is deterministic, so replaying the journalled generations reproduces the state exactly.
/// </summary>
public sealed record RunState(EsState Es, IReadOnlyList<GenerationRecord> History)
{
    /// <summary>The best dataset (or direct-ES policy) so far: the generation-start mean with the highest eval
    /// return. Derived from the journalled generations alone, so a resumed run finds the same one.</summary>
    public BestResult? Best { get; init; }

    public static RunState Initial(HadesProblem problem) => new(problem.InitialState(), []);

    public int Generation => Es.Generation;

    /// <summary>True once the run has nothing left to do: its configured generations are done, the
    /// stop-when-solved rule holds (see <see cref="StoppedSolved"/>), or its env-step budget is reached
    /// (<see cref="ReachedEnvStepBudget"/>).</summary>
    public bool IsFinished(HadesConfig config) => Generation >= config.Generations || StoppedSolved(config, History)
        || ReachedEnvStepBudget(config, History);

    /// <summary>The env-step budget rule: the journalled generations' env steps sum to at least
    /// <c>config.EnvStepBudget</c> (&gt; 0). A pure function of the history, so a resumed run stops at the same generation.</summary>
    public static bool ReachedEnvStepBudget(HadesConfig config, IReadOnlyList<GenerationRecord> history) =>
        config.EnvStepBudget > 0 && history.Sum(h => h.EnvSteps) >= config.EnvStepBudget;

    /// <summary>How many generations the run is expected to have, for progress and ETA: <c>config.Generations</c>, or
    /// with an env-step budget the generations done plus those the rest of the budget allows at the latest generation's
    /// env steps, at most <c>config.Generations</c>. Exact under the step-budget protocols (every generation takes
    /// the same steps), an estimate that follows the run otherwise.</summary>
    public static int ExpectedGenerations(HadesConfig config, IReadOnlyList<GenerationRecord> history)
    {
        if (config.EnvStepBudget <= 0 || history.Count == 0 || history[^1].EnvSteps <= 0) return config.Generations;
        long left = config.EnvStepBudget - history.Sum(h => h.EnvSteps), perGeneration = history[^1].EnvSteps;
        long more = left <= 0 ? 0 : (left + perGeneration - 1) / perGeneration;
        return (int)Math.Min(config.Generations, history.Count + more);
    }

    /// <summary>The stop-when-solved rule: the last <c>config.StopWhenSolved</c> scored generations (k &gt; 0) all have
    /// an eval_return at or above the task's solved threshold, the last of them being the latest generation (with
    /// <c>--eval-every</c> &gt; 1 the generations in between have no score (NaN) and are passed over). A pure function
    /// of the journalled history, so a resumed run stops at the same generation.</summary>
    public static bool StoppedSolved(HadesConfig config, IReadOnlyList<GenerationRecord> history)
    {
        int k = config.StopWhenSolved;
        if (k <= 0 || history.Count == 0 || Envs.SolvedThresholds.For(config.Task) is not { } threshold) return false;
        if (config.EvalEvery > 1 && double.IsNaN(history[^1].EvalReturn)) return false;
        var scored = config.EvalEvery > 1 ? history.Where(h => !double.IsNaN(h.EvalReturn)).ToList() : history;
        if (scored.Count < k) return false;
        for (int i = scored.Count - k; i < scored.Count; i++)
            if (!(scored[i].EvalReturn >= threshold)) return false;
        return true;
    }

    /// <summary>Applies one completed generation (its fitness vector, the mean's eval return, wall time and the
    /// environment steps its candidates took).</summary>
    public RunState Apply(IEvolutionStrategy strategy, int generation, float[] fitness, float evalReturn, double seconds, long envSteps = 0)
    {
        if (generation != Es.Generation)
            throw new InvalidOperationException($"generation {generation} applied to state at generation {Es.Generation}");
        var record = new GenerationRecord(generation, fitness.Average(), fitness.Max(), evalReturn, seconds, envSteps);
        // eval_return scores the mean at the start of this generation, i.e. before this generation's update
        bool better = Best is null || double.IsNaN(Best.EvalReturn) || evalReturn > Best.EvalReturn;
        return new RunState(strategy.Tell(Es, fitness), [.. History, record])
        {
            Best = better ? new BestResult(generation, evalReturn, (float[])Es.Mean.Clone()) : Best,
        };
    }

    /// <summary>Environment steps of every generation so far.</summary>
    public long EnvSteps => History.Sum(h => h.EnvSteps);
}

/// <summary>A generation-start ES mean (dataset, or direct-ES policy) and the eval return it scored at
/// <paramref name="Generation"/> (metrics.csv's eval_return of that row).</summary>
public sealed record BestResult(int Generation, float EvalReturn, float[] Mean)
{
    public bool Equals(BestResult? other) => other is not null && Generation == other.Generation
        && EvalReturn.Equals(other.EvalReturn) && Mean.AsSpan().SequenceEqual(other.Mean);

    public override int GetHashCode() => HashCode.Combine(Generation, EvalReturn, Mean.Length);
}
