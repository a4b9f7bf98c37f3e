namespace Hades.Core.Environments;

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

    public static void Step(int count, int observationSize, ReadOnlySpan<float> actions, Span<float> observations,
        Span<float> rewards, Span<byte> done) =>
        Step(count, observationSize, 1, actions, observations, rewards, done);

    /// <summary>As above for action vectors of <paramref name="actionSize"/> floats per instance.</summary>
    public static void Step(int count, int observationSize, int actionSize, ReadOnlySpan<float> actions,
        Span<float> observations, Span<float> rewards, Span<byte> done)
    {
        Length(actions.Length, count * actionSize, nameof(actions));
        Length(observations.Length, count * observationSize, nameof(observations));
        Length(rewards.Length, count, nameof(rewards));
        Length(done.Length, count, nameof(done));
    }
}
