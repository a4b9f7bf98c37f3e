namespace Hades.Core.Envs;

/// <summary>
/// Measures how much a piece of code uses an environment: <see cref="Wrap"/> turns a factory into one whose
/// environments count what is asked of them. <see cref="EnvSteps"/> counts transitions actually taken (instances
/// not yet done at a <c>Step</c> call), not <c>Step</c> calls or stored states. Thread-safe.
/// </summary>
public sealed class EnvUsage
{
    long created, resets, stepCalls, envSteps;

    public long Created => Interlocked.Read(ref created);
    public long Resets => Interlocked.Read(ref resets);
    public long StepCalls => Interlocked.Read(ref stepCalls);
    public long EnvSteps => Interlocked.Read(ref envSteps);

    public Func<int, IVectorEnv> Wrap(Func<int, IVectorEnv> factory) => instances =>
    {
        Interlocked.Increment(ref created);
        return new Counting(factory(instances), this);
    };

    sealed class Counting(IVectorEnv inner, EnvUsage usage) : IVectorEnv
    {
        readonly byte[] finished = new byte[inner.Count];

        public EnvSpec Spec => inner.Spec;
        public int Count => inner.Count;

        public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations)
        {
            Interlocked.Increment(ref usage.resets);
            Array.Clear(finished);
            inner.Reset(instanceKeys, observations);
        }

        public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done)
        {
            long active = 0;
            foreach (byte f in finished) if (f == 0) active++;
            Interlocked.Increment(ref usage.stepCalls);
            Interlocked.Add(ref usage.envSteps, active);
            inner.Step(actions, observations, rewards, done);
            for (int i = 0; i < finished.Length; i++) finished[i] |= done[i];
        }
    }
}
