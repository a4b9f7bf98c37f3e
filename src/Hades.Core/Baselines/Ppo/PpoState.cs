namespace Hades.Core.Baselines.Ppo;

/// <summary>
/// Everything a PPO run needs to continue, as plain arrays (journal-friendly): <see cref="PpoTrainer.Iterate"/> is a
/// pure function of (config, state), so a run restored from a copy of this record continues exactly as if it had
/// never stopped.
/// <para>Episodes run across iterations. Instead of each environment's internal state, the record keeps for every
/// instance the number of the episode it is in and the actions taken so far in that episode: the environments are
/// deterministic given the reset key, so replaying those actions rebuilds the exact state (at most one episode of
/// cheap steps per instance).</para>
/// </summary>
/// <param name="Iteration">Iterations completed.</param>
/// <param name="EnvSteps">Environment steps taken so far (all instances).</param>
/// <param name="Parameters">Actor then critic parameters, flat (layout: <see cref="PpoLayout"/>).</param>
/// <param name="AdamFirstMoment">Adam's m, same layout.</param>
/// <param name="AdamSecondMoment">Adam's v, same layout.</param>
/// <param name="AdamSteps">Adam updates so far (for the bias corrections).</param>
/// <param name="EpisodeCounters">Per instance: index of the current episode (its reset key is derived from it).</param>
/// <param name="EpisodeActions">Per instance: the (clipped) actions already applied in the current episode,
/// ActionSize floats per step.</param>
public sealed record PpoState(
    int Iteration,
    long EnvSteps,
    float[] Parameters,
    float[] AdamFirstMoment,
    float[] AdamSecondMoment,
    long AdamSteps,
    long[] EpisodeCounters,
    float[][] EpisodeActions)
{
    /// <summary>A copy sharing no arrays with this one.</summary>
    public PpoState DeepCopy() => this with
    {
        Parameters = (float[])Parameters.Clone(),
        AdamFirstMoment = (float[])AdamFirstMoment.Clone(),
        AdamSecondMoment = (float[])AdamSecondMoment.Clone(),
        EpisodeCounters = (long[])EpisodeCounters.Clone(),
        EpisodeActions = EpisodeActions.Select(a => (float[])a.Clone()).ToArray(),
    };
}
