namespace Hades.Actors.Messages;

/// <summary>A unit of evaluator work. Candidates travel as (generation, indices) plus the generation's mean as
/// bytes; evaluators regenerate the noise themselves. Only fitness values come back.</summary>
public interface IEvaluationWork
{
    int Generation { get; }
}

/// <summary>Train and score candidates <paramref name="Indices"/> of <paramref name="Generation"/>.</summary>
public sealed record EvaluateCandidates(int Generation, int[] Indices, byte[] Mean) : IEvaluationWork;

/// <summary>Score the generation's mean dataset with fresh policies (the eval_return of metrics.csv).</summary>
public sealed record EvaluateMean(int Generation, byte[] Mean) : IEvaluationWork;

public interface IEvaluationResult
{
    int Generation { get; }
}

public sealed record CandidatesEvaluated(int Generation, int[] Indices, float[] Fitness, double TrainingSeconds, double RolloutSeconds) : IEvaluationResult;

public sealed record MeanEvaluated(int Generation, float EvalReturn) : IEvaluationResult;
