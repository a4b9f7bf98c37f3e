using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Hades.Core.Policies;
using Hades.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// Forward passes of B CPU float32 policies for rollouts, written out per member with <see cref="MatrixKernels"/>:
/// member m maps its <c>rowsPerMember</c> observation rows (rows m·R … m·R + R − 1) to outputs, reading the weights
/// in place. Rows marked inactive (finished episodes) are left out of the products and their outputs left as they
/// were; a row's output does not depend on which other rows are computed with it. Members are split into as many
/// contiguous shares as the torch thread count, one per thread, when the step is large enough to pay for it.
/// </summary>
public sealed unsafe class FusedMlpForward : IDisposable
{
    const double ParallelFlops = 2e6;

    readonly BatchedMlp policies;
    readonly int members, rows, layers, maxWidth, threads;
    readonly int[] fanIn, fanOut;
    readonly long[] weightPtr, biasPtr;
    readonly Tensor[] kept;
    readonly double flopsPerRow;
    readonly ThreadLocal<Buffers> buffers;

    /// <summary>True when <paramref name="policies"/> live on the CPU as contiguous float32 tensors.</summary>
    public static bool Supports(BatchedMlp policies) =>
        policies.Weights.Concat(policies.Biases).All(t => t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32 && t.is_contiguous());

    public FusedMlpForward(BatchedMlp policies, int rowsPerMember)
    {
        this.policies = policies; members = policies.Members; rows = rowsPerMember;
        var shape = policies.Shape.Layers().ToArray();
        layers = shape.Length;
        fanIn = shape.Select(l => l.In).ToArray(); fanOut = shape.Select(l => l.Out).ToArray();
        maxWidth = Math.Max(fanIn.Max(), fanOut.Max());
        flopsPerRow = GenerationFlops.ForwardPerRow(policies.Shape);
        kept = policies.Weights.Concat(policies.Biases).Select(t => (Tensor)t.detach()).ToArray();
        weightPtr = kept.Take(layers).Select(Address).ToArray();
        biasPtr = kept.Skip(layers).Select(Address).ToArray();
        threads = Math.Max(1, torch.get_num_threads());
        buffers = new ThreadLocal<Buffers>(() => new Buffers(rows * maxWidth), trackAllValues: true);
    }

    public int Outputs => fanOut[^1];

    static long Address(Tensor t) => (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    /// <summary>outputs[i·Outputs …] = policy(i / R)(input row i) for every row i with <paramref name="active"/>[i]
    /// set (all rows when it is null).</summary>
    public void Forward(float[] input, float[] outputs, bool[]? active = null)
    {
        if (input.Length != members * rows * fanIn[0] || outputs.Length != members * rows * Outputs) throw new ArgumentException("buffer sizes do not match the policies");
        fixed (float* pin = input, pout = outputs)
        {
            long inAddress = (long)pin, outAddress = (long)pout;
            if (members > 1 && threads > 1 && flopsPerRow * members * rows >= ParallelFlops)
            {
                // a fixed contiguous share of the members per thread, so that across a rollout's steps each share's
                // weights stay in the cache of the core that computes it (a 256-256 policy is 280 KB)
                int parts = Math.Min(threads, members);
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, t =>
                {
                    for (int m = members * t / parts, end = members * (t + 1) / parts; m < end; m++) Member(m, (float*)inAddress, (float*)outAddress, active);
                });
            }
            else
                for (int m = 0; m < members; m++) Member(m, pin, pout, active);
        }
    }

    /// <summary><see cref="Forward"/> for member <paramref name="m"/>'s rows only, on the calling thread; several
    /// threads may compute different members at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ForwardMember(int m, float[] input, float[] outputs, bool[]? active = null)
    {
        if (input.Length != members * rows * fanIn[0] || outputs.Length != members * rows * Outputs) throw new ArgumentException("buffer sizes do not match the policies");
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(m, members);
        fixed (float* pin = input, pout = outputs) Member(m, pin, pout, active);
    }

    /// <summary>Reads member <paramref name="m"/>'s weights and biases once, in address order, so that its first
    /// forward finds them in this core's cache. A policy's weights are in main memory when its rollout starts (a
    /// population of 256-256 policies outgrows the last-level cache), and the forward's panel-by-panel reads fetch
    /// them from there at about half the rate a sequential read streams them (a hot-loop probe: 25–32 µs for a cold
    /// 2-row 256 × 256 product, 14–19 µs for this read and the product; about 2 µs more when they were cached
    /// already). Changes no result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WarmMember(int m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(m, members);
        int bits = 0;
        for (int l = 0; l < layers; l++)
        {
            bits |= CacheWarmer.Read((float*)weightPtr[l] + (long)m * fanIn[l] * fanOut[l], (long)fanIn[l] * fanOut[l]);
            bits |= CacheWarmer.Read((float*)biasPtr[l] + (long)m * fanOut[l], fanOut[l]);
        }
        CacheWarmer.Keep(bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Member(int m, float* input, float* outputs, bool[]? active)
    {
        var b = buffers.Value!;
        int first = m * rows, count = 0, inWidth = fanIn[0], outWidth = Outputs;
        bool all = true;
        for (int r = 0; r < rows; r++)
        {
            if (active is null || active[first + r]) b.Rows[count++] = first + r;
            else all = false;
        }
        if (count == 0) return;
        float* x;
        if (all) x = input + (long)first * inWidth;
        else
        {
            x = b.Gathered;
            for (int r = 0; r < count; r++) new ReadOnlySpan<float>(input + (long)b.Rows[r] * inWidth, inWidth).CopyTo(new Span<float>(x + r * inWidth, inWidth));
        }
        float* src = x;
        for (int l = 0; l < layers; l++)
        {
            float* dst = l == layers - 1 && all ? outputs + (long)first * outWidth : (l % 2 == 0 ? b.A : b.B);
            float* w = (float*)weightPtr[l] + (long)m * fanIn[l] * fanOut[l];
            float* bias = (float*)biasPtr[l] + (long)m * fanOut[l];
            MatrixKernels.Multiply(src, fanIn[l], 1, w, dst, count, fanIn[l], fanOut[l], bias);
            if (l < layers - 1) Activate(dst, count * fanOut[l]);
            src = dst;
        }
        if (!all)
            for (int r = 0; r < count; r++) new ReadOnlySpan<float>(src + r * outWidth, outWidth).CopyTo(new Span<float>(outputs + (long)b.Rows[r] * outWidth, outWidth));
    }

    void Activate(float* z, int count) => ActivationKernel.Apply(policies.Shape.Activation, z, count);

    public void Dispose()
    {
        foreach (var b in buffers.Values) b.Dispose();
        buffers.Dispose();
        foreach (var t in kept) t.Dispose();
    }

    /// <summary>One thread's activations and the rows it gathered.</summary>
    sealed class Buffers : IDisposable
    {
        public readonly float* A, B, Gathered;
        public readonly int[] Rows;
        readonly int size;

        public Buffers(int size)
        {
            this.size = size;
            A = Alloc(size); B = Alloc(size); Gathered = Alloc(size);
            Rows = new int[size];
        }

        static float* Alloc(int count) => (float*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, count) * sizeof(float), 64);

        public void Dispose()
        {
            NativeMemory.AlignedFree(A); NativeMemory.AlignedFree(B); NativeMemory.AlignedFree(Gathered);
        }
    }
}
