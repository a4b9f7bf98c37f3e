using Hades.Core.Envs;
using Hades.Core.Random;

namespace Hades.Core.Baselines.Ppo;

/// <summary>
/// The N training environments of a PPO run, one <see cref="IVectorEnv"/> of one instance per slot (the vector
/// envs reset all their instances at once and never auto-reset, so each slot resets on its own). Episode e of slot
/// i starts from key <c>CounterRng.Key(CounterRng.Key(seed, "ENV"), i, e)</c>. Built from a <see cref="PpoState"/>
/// by replaying each slot's current-episode actions.
/// </summary>
internal sealed class PpoEnvironments
{
    const ulong EnvLabel = 0x454E56UL; // "ENV"

    readonly IVectorEnv[] envs;
    readonly ulong envKey;
    readonly long[] episode;
    readonly List<float>[] actions;
    readonly double[] episodeReturn;
    readonly float[] observations;
    readonly float[] oneReward = new float[1];
    readonly byte[] oneDone = new byte[1];

    public PpoEnvironments(EnvSpec spec, Func<int, IVectorEnv> factory, ulong seed, PpoState state)
    {
        Spec = spec;
        int n = state.EpisodeCounters.Length;
        envKey = CounterRng.Key(seed, EnvLabel);
        envs = new IVectorEnv[n];
        episode = (long[])state.EpisodeCounters.Clone();
        actions = new List<float>[n];
        episodeReturn = new double[n];
        observations = new float[n * spec.ObservationSize];
        for (int i = 0; i < n; i++)
        {
            envs[i] = factory(1);
            var stored = state.EpisodeActions[i];
            if (stored.Length % spec.ActionSize != 0 || stored.Length / spec.ActionSize >= spec.MaxSteps)
                throw new HadesUserException($"PPO state: instance {i} holds {stored.Length} action values, not a partial episode of '{spec.Name}'");
            actions[i] = new List<float>(stored);
            Reset(i);
            for (int s = 0; s < stored.Length; s += spec.ActionSize)
            {
                if (StepRaw(i, stored.AsSpan(s, spec.ActionSize)))
                    throw new HadesUserException($"PPO state: the stored actions of instance {i} end its episode early; the state does not match task '{spec.Name}'");
            }
        }
    }

    public EnvSpec Spec { get; }
    public int Count => envs.Length;

    /// <summary>Current observations, Count × ObservationSize.</summary>
    public ReadOnlySpan<float> Observations => observations;

    /// <summary>Steps slot i with <paramref name="action"/> (already clipped). On the episode's end reports its return
    /// and length and whether it was truncated by the time limit (its final observation is copied to
    /// <paramref name="finalObservation"/>), then starts the slot's next episode.</summary>
    public (float Reward, bool Done, bool Truncated, double EpisodeReturn, int EpisodeLength) Step(int i,
        ReadOnlySpan<float> action, Span<float> finalObservation)
    {
        actions[i].AddRange(action);
        bool done = StepRaw(i, action);
        if (!done) return (oneReward[0], false, false, 0, 0);
        int length = actions[i].Count / Spec.ActionSize;
        // The IVectorEnv contract does not tell termination from truncation: an episode that reaches the time limit
        // is taken as truncated (one that terminates exactly on its last allowed step is misread; rare).
        bool truncated = length >= Spec.MaxSteps;
        Obs(i).CopyTo(finalObservation);
        double total = episodeReturn[i];
        episode[i]++;
        actions[i].Clear();
        Reset(i);
        return (oneReward[0], true, truncated, total, length);
    }

    public long[] EpisodeCounters() => (long[])episode.Clone();

    public float[][] EpisodeActions() => actions.Select(a => a.ToArray()).ToArray();

    Span<float> Obs(int i) => observations.AsSpan(i * Spec.ObservationSize, Spec.ObservationSize);

    void Reset(int i)
    {
        envs[i].Reset([CounterRng.Key(envKey, (ulong)i, (ulong)episode[i])], Obs(i));
        episodeReturn[i] = 0;
    }

    bool StepRaw(int i, ReadOnlySpan<float> action)
    {
        envs[i].Step(action, Obs(i), oneReward, oneDone);
        episodeReturn[i] += oneReward[0];
        return oneDone[0] != 0;
    }
}
