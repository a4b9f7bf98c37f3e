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

    /// <summary>Applies one completed generation (its fitness vector, the mean's eval return and wall time).</summary>
    public RunState Apply(IEvolutionStrategy strategy, int generation, float[] fitness, float evalReturn, double seconds)
    {
        if (generation != Es.Generation)
            throw new InvalidOperationException($"generation {generation} applied to state at generation {Es.Generation}");
        var record = new GenerationRecord(generation, fitness.Average(), fitness.Max(), evalReturn, seconds);
        return new RunState(strategy.Tell(Es, fitness), [.. History, record]);
    }
}
