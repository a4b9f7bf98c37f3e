namespace Hades.Core.Envs;

/// <summary>
/// A vector env that steps its instances in contiguous chunks on parallel threads and lets the caller write each
/// chunk's actions on the thread that then steps it: one parallel pass per step for the policy and the environment,
/// instead of a policy pass, a join and an environment pass. Instances never share state, so the results are those of
/// <see cref="IVectorEnv.Step"/> with the same actions, whatever the chunks.
/// </summary>
public interface IChunkSteppedEnv : IVectorEnv
{
    /// <summary>How many chunks the environment steps in parallel (its own parallelism, as in <see cref="IVectorEnv.Step"/>).</summary>
    int Threads { get; }

    /// <summary>
    /// Advances every instance that is not done by one step, as <see cref="IVectorEnv.Step"/> does. The instances are
    /// split into <paramref name="chunks"/> chunks, chunk c being [<paramref name="bounds"/>[c], <paramref name="bounds"/>[c + 1]),
    /// run in parallel; on the thread of chunk c, <paramref name="act"/>(begin, end) runs first and must write the
    /// actions of those instances into <paramref name="actions"/> (reading only their observations), then the chunk is
    /// stepped and its observations, rewards and done flags written.
    /// </summary>
    void Step(int[] bounds, int chunks, Action<int, int> act, float[] actions, float[] observations, float[] rewards, byte[] done);
}
