namespace Hades.Core.Envs;

/// <summary>
/// N independent instances of one environment, stepped together. Episodes do not auto-reset: once an
/// instance is done (terminated or truncated) further steps leave it unchanged and give reward 0, so a
/// rollout of "one episode per instance" is simply stepping until every instance is done.
/// </summary>
public interface IVectorEnv
{
    EnvSpec Spec { get; }

    /// <summary>Number of instances.</summary>
    int Count { get; }

    /// <summary>
    /// Resets every instance; instance i draws its initial state from <paramref name="instanceKeys"/>[i] alone
    /// (see <see cref="Hades.Core.Random.CounterRng"/>), so equal keys give equal starts.
    /// </summary>
    /// <param name="observations">Count × ObservationSize, written.</param>
    void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations);

    /// <summary>
    /// Advances every instance that is not done by one step.
    /// </summary>
    /// <param name="actions">Count × ActionSize. For discrete spaces the action index as a float.</param>
    /// <param name="observations">Count × ObservationSize, written with the next observation.</param>
    /// <param name="rewards">Count, written.</param>
    /// <param name="done">Count, 1 when the instance's episode has ended (now or earlier), else 0.</param>
    void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done);
}

public static class VectorEnvExtensions
{
    /// <summary>Resets with instance keys <c>CounterRng.Key(seed, i)</c>: the same seed gives the same initial
    /// states regardless of how many instances there are.</summary>
    public static void Reset(this IVectorEnv env, ulong seed, Span<float> observations)
    {
        var keys = new ulong[env.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = Random.CounterRng.Key(seed, (ulong)i);
        env.Reset(keys, observations);
    }
}
