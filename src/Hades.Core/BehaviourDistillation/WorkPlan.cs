namespace Hades.Core.BehaviourDistillation;

/// <summary>Splits candidate indices into evaluator batches of at most <paramref name="batchSize"/>, in index order.</summary>
public static class WorkPlan
{
    public static IReadOnlyList<int[]> Batches(IReadOnlyList<int> indices, int batchSize) =>
        indices.Chunk(batchSize).ToArray();
}
