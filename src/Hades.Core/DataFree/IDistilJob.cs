namespace Hades.Core.DataFree;

/// <summary>
/// A data-free distillation as pure computation (no Akka): the trainer actor journals the state after every
/// <see cref="Advance"/> and a restarted run continues from the latest one.
/// </summary>
public interface IDistilJob : IDisposable
{
    DistilConfig Config { get; }

    /// <summary>The state before the first step (fresh student, generator, empty buffer).</summary>
    DistilState Initial();

    /// <summary>Runs <paramref name="steps"/> more student steps. A pure function of (config, state, steps): all
    /// randomness comes from torch generators or counter RNGs keyed by the seed and the step number, so a resumed
    /// run produces the same bits as an uninterrupted one.</summary>
    DistilChunk Advance(DistilState state, int steps);

    /// <summary>Scores the student: test accuracy in % (images) or mean greedy return (policies) on
    /// <paramref name="episodes"/> test images / episodes (all test images when 0 for images).</summary>
    DistilScore Evaluate(DistilState state, int episodes);

    /// <summary>Writes the run's files people open: the student (student.npz), pictures of generated samples
    /// (samples.png), and anything family-specific.</summary>
    void WriteOutputs(DistilState state, string runDir);
}

/// <summary>What one <see cref="IDistilJob.Advance"/> produced: the next state, the mean student loss over the chunk,
/// and the teacher–student argmax agreement on the chunk's generated inputs (fraction in [0, 1]).</summary>
public sealed record DistilChunk(DistilState Next, double StudentLoss, double Agreement);

/// <summary>A score of the student: <see cref="Value"/> is the headline (test accuracy % or mean return), with
/// named extra figures (e.g. normalised score, agreement on teacher states, per-class accuracy).</summary>
public sealed record DistilScore(string Metric, double Value, IReadOnlyDictionary<string, double> Details);
