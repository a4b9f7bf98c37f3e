namespace Hades.Core.Envs;

/// <summary>Argument checks shared by the vector environments: every buffer must match the instance count.</summary>
internal static class BufferChecks
{
    public static void Length(int actual, int expected, string name)
    {
        if (actual != expected) throw new ArgumentException($"Expected length {expected}, got {actual}.", name);
    }

    public static void Reset(int count, int observationSize, ReadOnlySpan<ulong> instanceKeys, Span<float> observations)
    {
        Length(instanceKeys.Length, count, nameof(instanceKeys));
        Length(observations.Length, count * observationSize, nameof(observations));
    }

    /// <param name="actionSize">Floats per instance in <paramref name="actions"/> (1 for discrete actions).</param>
    public static void Step(int count, int observationSize, ReadOnlySpan<float> actions, Span<float> observations,
        Span<float> rewards, Span<byte> done, int actionSize = 1)
    {
        Length(actions.Length, count * actionSize, nameof(actions));
        Length(observations.Length, count * observationSize, nameof(observations));
        Length(rewards.Length, count, nameof(rewards));
        Length(done.Length, count, nameof(done));
    }
}
