using Hades.Core.Envs;

namespace Hades.Core.MultiTask;

/// <summary>One task's vector env seen through a <see cref="MultiTaskLayout"/>: observations come out padded and
/// tagged with the task indicator; actions pass through unchanged.</summary>
public sealed class MultiTaskEnv : IVectorEnv
{
    readonly IVectorEnv inner;
    readonly MultiTaskLayout layout;
    readonly int task;
    readonly float[] raw;

    public MultiTaskEnv(IVectorEnv inner, MultiTaskLayout layout, int task)
    {
        this.inner = inner; this.layout = layout; this.task = task;
        raw = new float[inner.Count * inner.Spec.ObservationSize];
        var s = inner.Spec;
        Spec = s with
        {
            ObservationSize = layout.InputSize,
            ObservationLow = [.. s.ObservationLow, .. new float[layout.InputSize - s.ObservationSize]],
            ObservationHigh = [.. s.ObservationHigh, .. Enumerable.Repeat(1f, layout.InputSize - s.ObservationSize)],
        };
    }

    public EnvSpec Spec { get; }
    public int Count => inner.Count;

    public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations)
    {
        inner.Reset(instanceKeys, raw);
        Encode(observations);
    }

    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done)
    {
        inner.Step(actions, raw, rewards, done);
        Encode(observations);
    }

    void Encode(Span<float> observations)
    {
        int o = inner.Spec.ObservationSize, n = layout.InputSize;
        for (int i = 0; i < Count; i++) layout.Encode(task, raw.AsSpan(i * o, o), observations.Slice(i * n, n));
    }
}
