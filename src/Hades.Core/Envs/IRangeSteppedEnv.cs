namespace Hades.Core.Envs;

/// <summary>
/// A vector environment whose instances can also be stepped a contiguous range at a time, on the calling thread, with
/// several threads stepping disjoint ranges at once. A rollout can then play each policy's instances to the end of
/// their episodes one policy after another (<see cref="Training.Rollout"/>), keeping that policy's weights and its
/// instances' simulator state in the core's cache, instead of stepping every instance in lock step.
/// </summary>
public interface IRangeSteppedEnv : IVectorEnv
{
    /// <summary>
    /// <see cref="IVectorEnv.Step"/> for the instances [<paramref name="begin"/>, <paramref name="end"/>) only: the
    /// buffers cover every instance, as in <see cref="IVectorEnv.Step"/>, and only the range's entries are read and
    /// written. Each instance ends in the same state, with the same observation, reward and done flag, as a whole-env
    /// step would give it.
    /// </summary>
    /// <returns>Stopwatch ticks this call spent in the simulator (what a whole-env step adds to its physics clock).</returns>
    long StepRange(int begin, int end, ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done);

    /// <summary>
    /// <see cref="IVectorEnv.Reset"/> for the instances [<paramref name="begin"/>, <paramref name="end"/>) only, from
    /// their keys in <paramref name="instanceKeys"/> (which, like <paramref name="observations"/>, covers every
    /// instance): each gets the start a whole-env reset would give it.
    /// </summary>
    /// <returns>Stopwatch ticks this call spent in the simulator.</returns>
    long ResetRange(int begin, int end, ReadOnlySpan<ulong> instanceKeys, Span<float> observations);
}
