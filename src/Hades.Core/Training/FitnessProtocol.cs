using System.Text.Json.Serialization;
using Hades.Core.Storage;

namespace Hades.Core.Training;

/// <summary>How a trained policy's return is measured.</summary>
[JsonConverter(typeof(FitnessProtocolJson))]
public enum FitnessProtocol
{
    /// <summary>E whole episodes (every instance plays one episode to its end); the mean return.</summary>
    Episode,
    /// <summary>The paper's MinAtar protocol: E envs run S steps each, starting a new episode whenever one ends;
    /// each env's score is the return of its last episode that finished within the S steps (0 if none), and the
    /// policy's score is the mean over envs (gymnax <c>returned_episode_returns[-1]</c>).</summary>
    LastFinished,
    /// <summary>The paper's Brax protocol: the same E × S steps; the score is the mean return over every episode that
    /// finished within them, pooled over envs (and over a candidate's k inits): <c>Σ returns·dones / Σ dones</c>; 0 if
    /// none finished.</summary>
    FinishedMean,
}

/// <summary>The config.json / command-line names of <see cref="FitnessProtocol"/>.</summary>
public static class FitnessProtocols
{
    public const string Episode = "episode", LastFinished = "last-finished", FinishedMean = "finished-mean";

    public static readonly ConfigNames<FitnessProtocol> Names = new("fitness-protocol",
        (FitnessProtocol.Episode, Episode, []), (FitnessProtocol.LastFinished, LastFinished, []),
        (FitnessProtocol.FinishedMean, FinishedMean, []));

    public static FitnessProtocol Parse(string text) => Names.Parse(text);

    public static string Name(this FitnessProtocol protocol) => Names.Name(protocol);
}

sealed class FitnessProtocolJson() : ConfigNameConverter<FitnessProtocol>(FitnessProtocols.Names);

/// <summary>A scoring protocol with its sizes: <paramref name="Envs"/> episodes (Episode) or envs (the step-budget
/// protocols) per policy, and <paramref name="Steps"/> steps per env for the step-budget protocols.</summary>
public sealed record RolloutProtocol(FitnessProtocol Kind, int Envs, int Steps)
{
    /// <summary>Whole episodes, <paramref name="episodes"/> per policy.</summary>
    public static RolloutProtocol Episodes(int episodes) => new(FitnessProtocol.Episode, episodes, 0);
}

/// <summary>What a batched rollout measured, per member (policy): its score under the protocol, the environment
/// steps it took, and the sum and count of its finished episodes' returns (to pool over a candidate's inits).</summary>
public sealed record RolloutResult(float[] Returns, long[] Steps, double[] FinishedReturnSum, long[] FinishedEpisodes);
