namespace Hades.Actors.Messages;

/// <summary>Marker for messages that cross the network (bound to the binary <c>HadesSerializer</c>).</summary>
public interface IHadesMessage;

/// <summary>Which run a piece of work belongs to: its id and its config (JSON). Evaluators on any node build
/// the same <c>HadesProblem</c> from it and cache it by id.</summary>
public sealed record RunSpec(string RunId, string ConfigJson);

/// <summary>A unit of evaluator work. Candidates travel as (generation, indices) plus the generation's mean as
/// bytes; evaluators regenerate the noise themselves. Only fitness values come back.</summary>
public interface IEvaluationWork : IHadesMessage
{
    RunSpec Run { get; }
    int Generation { get; }
}

/// <summary>Train and score candidates <paramref name="Indices"/> of <paramref name="Generation"/>.</summary>
public sealed record EvaluateCandidates(RunSpec Run, int Generation, int[] Indices, byte[] Mean, byte[] Sigma) : IEvaluationWork;

/// <summary>Score the generation's mean dataset with fresh policies (the eval_return of metrics.csv).</summary>
public sealed record EvaluateMean(RunSpec Run, int Generation, byte[] Mean) : IEvaluationWork;

public interface IEvaluationResult : IHadesMessage
{
    int Generation { get; }
}

/// <summary>Fitness of a batch; <paramref name="EnvSteps"/>: the environment steps each candidate took (empty from
/// evaluators that do not count them).</summary>
public sealed record CandidatesEvaluated(int Generation, int[] Indices, float[] Fitness, double TrainingSeconds, double RolloutSeconds, long[]? EnvSteps = null) : IEvaluationResult;

public sealed record MeanEvaluated(int Generation, float EvalReturn) : IEvaluationResult;

/// <summary>One work item got no answer (produced locally by the pipeline: timeout, lost worker, error) or an
/// evaluator could not compute it (told by the evaluator in work pulling). <paramref name="Indices"/> names the
/// candidates of the item (empty for the mean).</summary>
public sealed record EvaluationFailed(int Generation, string Reason, bool EvaluatorError, int[]? Indices = null) : IEvaluationResult;

/// <summary>Work pulling: told (broadcast) by a population that has work; an evaluator answers with
/// <see cref="RequestWork"/> to the sender.</summary>
public sealed record WorkAvailable : IHadesMessage
{
    public static readonly WorkAvailable Instance = new();
}

/// <summary>Work pulling: an evaluator can hold <paramref name="Capacity"/> units at once (its in-flight bound);
/// sent on <see cref="WorkAvailable"/> and after each finished unit. The population never has more than that
/// many of its units outstanding at this evaluator; results are told to the population directly.</summary>
public sealed record RequestWork(int Capacity) : IHadesMessage;

/// <summary>Work pulling: an evaluator that already holds its in-flight bound (counted over every population it
/// serves) hands a unit straight back to its owner, which queues it again for an evaluator with room without
/// counting an attempt. <paramref name="Indices"/> names the unit's candidates (empty for the mean).</summary>
public sealed record WorkDeclined(int Generation, int[] Indices) : IHadesMessage;

/// <summary>Asks an evaluator how much work it has done (answered with <see cref="EvaluatorStats"/>).</summary>
public sealed record GetEvaluatorStats : IHadesMessage
{
    public static readonly GetEvaluatorStats Instance = new();
}

public sealed record EvaluatorStats(string Address, int BatchesEvaluated, int CandidatesEvaluated) : IHadesMessage;

/// <summary>Train <paramref name="Policies"/> fresh networks of the given shape on one dataset (in one batched
/// pass) and score each over one episode: the unit of work of generalisation studies.</summary>
public sealed record EvaluateDataset(RunSpec Run, byte[] Parameters, int[] Hidden, string Activation, int Steps,
    double LearningRate, int Policies, ulong Seed) : IHadesMessage;

public sealed record DatasetEvaluated(float[] Returns) : IHadesMessage;
