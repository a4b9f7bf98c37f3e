using System.Text.Json.Serialization;
using Hades.Core.Storage;

namespace Hades.Core.BehaviourDistillation;

/// <summary>How a candidate's fitness combines the scores of its k policies (inits, or learner draws with
/// <c>--learners</c>): <see cref="Mean"/> (the paper's) or <see cref="Min"/> (the worst of the k: the ES then selects
/// datasets that no fresh policy fails on).</summary>
[JsonConverter(typeof(InitAggregateJson))]
public enum InitAggregateKind { Mean, Min }

/// <summary>The config.json / command-line names of <see cref="InitAggregateKind"/>, and the aggregate itself.</summary>
public static class InitAggregate
{
    public const string Mean = "mean", Min = "min";

    public static readonly ConfigNames<InitAggregateKind> Names = new("init-aggregate",
        (InitAggregateKind.Mean, Mean, []), (InitAggregateKind.Min, Min, []));

    /// <summary>The same names for eval_return's aggregate (<c>--eval-aggregate</c>), so its errors name that option.</summary>
    public static readonly ConfigNames<InitAggregateKind> EvalNames = new("eval-aggregate",
        (InitAggregateKind.Mean, Mean, []), (InitAggregateKind.Min, Min, []));

    public static InitAggregateKind Parse(string name) => Names.Parse(name);

    public static InitAggregateKind ParseEval(string name) => EvalNames.Parse(name);

    public static string Name(this InitAggregateKind kind) => Names.Name(kind);

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

sealed class InitAggregateJson() : ConfigNameConverter<InitAggregateKind>(InitAggregate.Names);
