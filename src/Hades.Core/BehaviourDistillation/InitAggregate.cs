namespace Hades.Core.BehaviourDistillation;

/// <summary>How a candidate's fitness combines the scores of its k policies (inits, or learner draws with
/// <c>--learners</c>): <see cref="Mean"/> (the paper's) or <see cref="Min"/> (the worst of the k: the ES then selects
/// datasets that no fresh policy fails on).</summary>
public enum InitAggregateKind { Mean, Min }

public static class InitAggregate
{
    public const string Mean = "mean", Min = "min";

    public static InitAggregateKind Parse(string name) => name.ToLowerInvariant() switch
    {
        Mean => InitAggregateKind.Mean,
        Min => InitAggregateKind.Min,
        _ => throw new HadesUserException($"unknown init-aggregate '{name}' (expected {Mean} or {Min})"),
    };

    /// <summary>The aggregate of <paramref name="scores"/>[first .. first + k).</summary>
    public static float Of(InitAggregateKind kind, float[] scores, int first, int k)
    {
        if (kind == InitAggregateKind.Min)
        {
            float min = float.PositiveInfinity;
            for (int j = 0; j < k; j++) min = Math.Min(min, scores[first + j]);
            return min;
        }
        double sum = 0;
        for (int j = 0; j < k; j++) sum += scores[first + j];
        return (float)(sum / k);
    }
}
