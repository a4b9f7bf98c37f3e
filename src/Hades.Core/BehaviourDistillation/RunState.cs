using Hades.Core.Runs;
using Hades.Core.Es;

namespace Hades.Core.BehaviourDistillation;

/// <summary>
/// The state a population owns: the ES state and the per-generation history. <see cref="Apply"/> is the only
/// transition, and it is deterministic, so replaying the journalled generations reproduces the state exactly.
/// </summary>
public sealed record RunState(EsState Es, IReadOnlyList<GenerationRecord> History)
{
    public static RunState Initial(HadesProblem problem) => new(problem.InitialState(), []);

    public int Generation => Es.Generation;

    /// <summary>True once the run has nothing left to do: its configured generations are done, or the
    /// stop-when-solved rule holds (see <see cref="StoppedSolved"/>).</summary>
    public bool IsFinished(HadesConfig config) => Generation >= config.Generations || StoppedSolved(config, History);

    /// <summary>The stop-when-solved rule: the last <c>config.StopWhenSolved</c> generations (k &gt; 0) all have an
    /// eval_return at or above the task's solved threshold. A pure function of the journalled history, so a resumed
    /// run stops at the same generation.</summary>
    public static bool StoppedSolved(HadesConfig config, IReadOnlyList<GenerationRecord> history)
    {
        int k = config.StopWhenSolved;
        if (k <= 0 || history.Count < k || Envs.SolvedThresholds.For(config.Task) is not { } threshold) return false;
        for (int i = history.Count - k; i < history.Count; i++)
            if (!(history[i].EvalReturn >= threshold)) return false;
        return true;
    }

    /// <summary>Applies one completed generation (its fitness vector, the mean's eval return and wall time).</summary>
    public RunState Apply(IEvolutionStrategy strategy, int generation, float[] fitness, float evalReturn, double seconds)
    {
        if (generation != Es.Generation)
            throw new InvalidOperationException($"generation {generation} applied to state at generation {Es.Generation}");
        var record = new GenerationRecord(generation, fitness.Average(), fitness.Max(), evalReturn, seconds);
        return new RunState(strategy.Tell(Es, fitness), [.. History, record]);
    }
}
