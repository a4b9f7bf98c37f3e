using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Hades.Core.Policies;
using Hades.Core.Torch;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// One thread's inner loop for one member at a time: full-batch Adam steps on the mean cross-entropy of the member's
/// pairs, in the thread's own buffers (parameters, Adam moments, activations; subnormals flushed on the thread while
/// it works, as the batched trainers do). A step is the forward pass, then every layer's input gradient
/// (dhᵀ = W·dzᵀ, reading W in place: no Wᵀ is formed), then, layer by layer, the weight gradient fused with Adam
/// (<see cref="GradientAdamKernel"/>: register blocks; elsewhere pieces of a few rows in L1), so the full gradient
/// is never written out.
/// <para>Every number is the one the plain order gives: each product element is one FMA chain over its sum index in
/// increasing order (<see cref="MatrixKernels"/>), bias gradients are sums over the pairs in order from zero, and
/// Adam is element-wise (<see cref="AdamKernel"/>), so the result does not depend on the thread, the batch, the
/// vector width or the way the work is cut into pieces.</para>
/// </summary>
public sealed unsafe class MemberTrainer : IDisposable
{
    /// <summary>The weight gradient goes through Adam in pieces of about this many floats (16 KiB: L1-resident).</summary>
    const int PieceFloats = 4096;

    /// <summary>Whether a step's input gradients read the weights in the same pass as their Adam update (for the
    /// roofline's byte count, <see cref="MemberStepTraffic"/>).</summary>
    public const bool FusesInputGradients = false;

    readonly MemberLayout s;
    readonly float* theta, m, v, piece, dzT, dhT;
    readonly float*[] h, dz;
    readonly InterleavedAdam.Layer[] regions;
    readonly FlushDenormals flush = new();
    float* passInput;
    AdamKernel.Step openStep;

    public MemberTrainer(MemberLayout layout)
    {
        s = layout;
        theta = Alloc(s.Count); m = Alloc(s.Count); v = Alloc(s.Count);
        piece = Alloc(PieceFloats + 4 * s.MaxWidth);
        dzT = Alloc(s.Pairs * s.MaxWidth); dhT = Alloc(s.Pairs * s.MaxWidth);
        h = new float*[s.Layers]; dz = new float*[s.Layers];
        for (int l = 0; l < s.Layers; l++) { h[l] = Alloc(s.Pairs * s.Out[l]); dz[l] = Alloc(s.Pairs * s.Out[l]); }
        regions = new InterleavedAdam.Layer[s.Layers];
    }

    static float* Alloc(int count) => (float*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, count) * sizeof(float), 64);

    /// <summary>The member's flat parameters (read after training, written before).</summary>
    public Span<float> Parameters => new(theta, s.Count);

    /// <summary>Copies member <paramref name="member"/>'s parameters in from the batched weight and bias arrays
    /// and zeroes Adam's moments.</summary>
    public void Load(long[] wPtr, long[] bPtr, int member)
    {
        for (int l = 0; l < s.Layers; l++)
        {
            int wc = s.In[l] * s.Out[l];
            new ReadOnlySpan<float>((float*)wPtr[l] + (long)member * wc, wc).CopyTo(new Span<float>(theta + s.WeightOffset[l], wc));
            new ReadOnlySpan<float>((float*)bPtr[l] + (long)member * s.Out[l], s.Out[l]).CopyTo(new Span<float>(theta + s.BiasOffset[l], s.Out[l]));
        }
        Reset();
    }

    /// <summary>Zeroes Adam's moments (a fresh optimiser).</summary>
    public void Reset()
    {
        new Span<float>(m, s.Count).Clear();
        new Span<float>(v, s.Count).Clear();
    }

    public void Store(long[] wPtr, long[] bPtr, int member)
    {
        for (int l = 0; l < s.Layers; l++)
        {
            int wc = s.In[l] * s.Out[l];
            new ReadOnlySpan<float>(theta + s.WeightOffset[l], wc).CopyTo(new Span<float>((float*)wPtr[l] + (long)member * wc, wc));
            new ReadOnlySpan<float>(theta + s.BiasOffset[l], s.Out[l]).CopyTo(new Span<float>((float*)bPtr[l] + (long)member * s.Out[l], s.Out[l]));
        }
    }

    /// <summary>Trains for <paramref name="steps"/> Adam steps (1 … steps) on pairs x [D×in] with targets t [D×A].</summary>
    public void Train(float* x, float* t, int steps, float lr, float epsilon)
    {
        for (int step = 1; step <= steps; step++) Step(x, t, AdamKernel.Step.Of(step, lr, epsilon));
    }

    /// <summary>One full-batch Adam step.</summary>
    public void Step(float* x, float* t, AdamKernel.Step adam)
    {
        ForwardBackward(x, t, null);
        OpenUpdate(x, adam);
        FinishUpdate();
    }

    /// <summary>The step's forward pass, loss gradient and input gradients; the forward and input-gradient products
    /// carry <paramref name="feed"/>'s updates (another member's open Adam pass) when one is given.</summary>
    public void ForwardBackward(float* x, float* t, InterleavedAdam? feed)
    {
        int d = s.Pairs, last = s.Layers - 1;
        float* input = x;
        for (int l = 0; l <= last; l++)
        {
            if (l == last && Narrow) NarrowForward(input, l);
            else MatrixKernels.MultiplyFed(input, s.In[l], 1, theta + s.WeightOffset[l], h[l], d, s.In[l], s.Out[l], theta + s.BiasOffset[l], false, feed, Every4x64, Every8x16);
            if (l < last) Activate(h[l], d * s.Out[l]);
            input = h[l];
        }
        LossGradient(h[last], t, dz[last], d, s.Out[last]);
        // input gradients with the weights of this step: dhᵀ[i, r] = Σ_j W[i, j]·dz[r, j], then dz of the layer below
        for (int l = last; l > 0; l--)
        {
            MatrixKernels.Transpose(dz[l], dzT, d, s.Out[l]);
            MatrixKernels.MultiplyFed(theta + s.WeightOffset[l], s.Out[l], 1, dzT, dhT, s.In[l], s.Out[l], d, null, false, feed, Every4x64, Every8x16);
            MatrixKernels.Transpose(dhT, dzT, s.In[l], d);
            ActivationGradient(h[l - 1], dzT, dz[l - 1], d * s.In[l]);
        }
    }

    /// <summary>Opens the step's weight-gradient/Adam pass (after <see cref="ForwardBackward"/>): its 4 × 64 blocks
    /// become <see cref="Feed"/>, which another member's products may run; <see cref="FinishUpdate"/> does the rest.</summary>
    public void OpenUpdate(float* x, AdamKernel.Step adam)
    {
        passInput = x; openStep = adam;
        for (int l = 0; l < s.Layers; l++)
        {
            var (rows, cols) = BlockRegion(l);
            regions[l] = new InterleavedAdam.Layer((nint)(l == 0 ? x : h[l - 1]), s.In[l], (nint)dz[l], s.Out[l], s.Pairs, rows, cols, s.WeightOffset[l]);
        }
        Feed.Open(theta, m, v, regions, adam);
    }

    /// <summary>Completes the open pass: what is left of the blocks, then every part outside them and the biases.</summary>
    public void FinishUpdate()
    {
        Feed.Drain();
        int last = s.Layers - 1;
        for (int l = 0; l <= last; l++)
        {
            if (l == last && Narrow) NarrowWeightGradientAdam(l == 0 ? passInput : h[l - 1], l, openStep);
            else WeightGradientAdamOutsideBlocks(l == 0 ? passInput : h[l - 1], l, openStep);
            BiasGradientAdam(l, openStep);
        }
    }

    /// <summary>This member's open weight-gradient/Adam pass, for another member's products to carry.</summary>
    public InterleavedAdam Feed { get; } = new();

    /// <summary>Pace of a carried pass: one update after this many k-steps of a 4 × 64 block (16 FMAs each) or of an
    /// 8 × 16 block (8 FMAs each), about one update per 25 FMAs: at Breakout 512-512 (D = 16) a member's 29,184 block
    /// updates spread over the other member's 729,088 forward and input-gradient FMAs.</summary>
    internal static int Every4x64 = 2, Every8x16 = 3;

    // TEMPORARY (experiment): HADES_FEED_PACE="a,b" overrides the pace
    static MemberTrainer()
    {
        var pace = Environment.GetEnvironmentVariable("HADES_FEED_PACE");
        if (pace is { Length: > 0 }) { var parts = pace.Split(','); Every4x64 = int.Parse(parts[0]); Every8x16 = int.Parse(parts[1]); }
    }

    /// <summary>True when a step has 4 × 64 gradient blocks to carry (512-bit vectors and a layer at least 64 wide),
    /// i.e. when training members in interleaved pairs can help.</summary>
    public static bool Interleaves(MemberLayout s)
    {
        if (Environment.GetEnvironmentVariable("HADES_NO_PAIRS") is { Length: > 0 }) return false; // TEMPORARY (experiment)
        for (int l = 0; l < s.Layers; l++)
        {
            bool narrow = l == s.Layers - 1 && s.Out[^1] < 16 && s.Pairs >= 16;
            if (!narrow && Vector512.IsHardwareAccelerated && s.Out[l] >= 64 && s.In[l] >= 4) return true;
        }
        return false;
    }

    /// <summary>Rows × columns of layer l's W covered by 4 × 64 register blocks (none for the narrow output layer).</summary>
    (int Rows, int Cols) BlockRegion(int l)
    {
        if ((l == s.Layers - 1 && Narrow) || !Vector512.IsHardwareAccelerated || s.Out[l] < 64 || s.In[l] < 4) return (0, 0);
        return (s.In[l] / 4 * 4, s.Out[l] / 64 * 64);
    }

    /// <summary>True when the output layer is narrower than a vector (a few actions) and the pairs fill one: its
    /// products then run transposed, vectorised over the pairs or the layer's inputs instead of its few outputs.</summary>
    bool Narrow => s.Out[^1] < 16 && s.Pairs >= 16;

    /// <summary>The output layer transposed: zᵀ[a, r] = b[a] + Σ_j W[j, a]·h[r, j] (the same chain as z = h·W + b).</summary>
    void NarrowForward(float* input, int l)
    {
        int d = s.Pairs, fanIn = s.In[l], fanOut = s.Out[l];
        MatrixKernels.Transpose(input, dzT, d, fanIn);
        for (int a = 0; a < fanOut; a++) new Span<float>(dhT + a * d, d).Fill(theta[s.BiasOffset[l] + a]);
        MatrixKernels.Multiply(theta + s.WeightOffset[l], 1, fanOut, dzT, dhT, fanOut, fanIn, d, null, accumulate: true);
        MatrixKernels.Transpose(dhT, h[l], fanOut, d);
    }

    /// <summary>The output layer's weight gradient transposed: dWᵀ[a, j] = Σ_r dz[r, a]·h[r, j] (the same chain), then
    /// back to W's layout and through Adam.</summary>
    void NarrowWeightGradientAdam(float* below, int l, AdamKernel.Step adam)
    {
        int d = s.Pairs, fanIn = s.In[l], fanOut = s.Out[l], offset = s.WeightOffset[l];
        MatrixKernels.Multiply(dz[l], 1, fanOut, below, dhT, fanOut, d, fanIn, null);
        MatrixKernels.Transpose(dhT, dzT, fanOut, fanIn);
        AdamKernel.Update(theta + offset, dzT, m + offset, v + offset, fanIn * fanOut, adam);
    }

    /// <summary>dW = belowᵀ·dz (each element a chain over the pairs) through Adam outside the 4 × 64 register blocks
    /// (<see cref="BlockRegion"/>, done by <see cref="Feed"/>): the last columns of the block rows, then the rows below
    /// them (or everything, without blocks), a few rows at a time through an L1-sized piece.</summary>
    void WeightGradientAdamOutsideBlocks(float* below, int l, AdamKernel.Step adam)
    {
        int fanIn = s.In[l], fanOut = s.Out[l], d = s.Pairs, offset = s.WeightOffset[l];
        var (rows, cols) = BlockRegion(l);
        if (rows > 0 && cols < fanOut)
        {
            // the last columns of those rows, from a compact copy of dz's last columns
            int rest = fanOut - cols;
            for (int r = 0; r < d; r++) new ReadOnlySpan<float>(dz[l] + r * fanOut + cols, rest).CopyTo(new Span<float>(dzT + r * rest, rest));
            for (int i0 = 0; i0 < rows; i0 += 4)
            {
                MatrixKernels.Multiply(below + i0, 1, fanIn, dzT, piece, 4, d, rest, null);
                for (int i = 0; i < 4; i++)
                {
                    int at = offset + (i0 + i) * fanOut + cols;
                    AdamKernel.Update(theta + at, piece + i * rest, m + at, v + at, rest, adam);
                }
            }
        }
        int pieceRows = Math.Max(4, PieceFloats / fanOut / 4 * 4);
        for (int i0 = rows; i0 < fanIn; i0 += pieceRows)
        {
            int count = Math.Min(pieceRows, fanIn - i0);
            MatrixKernels.Multiply(below + i0, 1, fanIn, dz[l], piece, count, d, fanOut, null);
            int at = offset + i0 * fanOut;
            AdamKernel.Update(theta + at, piece, m + at, v + at, count * fanOut, adam);
        }
    }

    /// <summary>db = Σ over the pairs of dz (in order, from zero), then Adam.</summary>
    void BiasGradientAdam(int l, AdamKernel.Step adam)
    {
        int fanOut = s.Out[l];
        float* g = dz[l];
        new Span<float>(piece, fanOut).Clear();
        for (int r = 0; r < s.Pairs; r++, g += fanOut)
        {
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; j + 16 <= fanOut; j += 16) (Vector512.Load(piece + j) + Vector512.Load(g + j)).Store(piece + j);
            for (; j + 8 <= fanOut; j += 8) (Vector256.Load(piece + j) + Vector256.Load(g + j)).Store(piece + j);
            for (; j < fanOut; j++) piece[j] += g[j];
        }
        int offset = s.BiasOffset[l];
        AdamKernel.Update(theta + offset, piece, m + offset, v + offset, fanOut, adam);
    }

    void Activate(float* z, int count)
    {
        if (s.Activation == Activation.Relu)
        {
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; i + 16 <= count; i += 16)
                {
                    var x = Vector512.Load(z + i);
                    Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512<float>.Zero).Store(z + i);
                }
            for (; i < count; i++) z[i] = z[i] > 0 ? z[i] : 0f;
        }
        else
            for (int i = 0; i < count; i++) z[i] = MathF.Tanh(z[i]);
    }

    /// <summary>dz = dh ⊙ act′, from the activation's output a (relu: a &gt; 0; tanh: 1 − a²), without branches.</summary>
    void ActivationGradient(float* a, float* dh, float* dzOut, int count)
    {
        int i = 0;
        if (s.Activation == Activation.Relu)
        {
            if (Vector512.IsHardwareAccelerated)
                for (; i + 16 <= count; i += 16)
                    Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.Load(a + i), Vector512<float>.Zero), Vector512.Load(dh + i), Vector512<float>.Zero).Store(dzOut + i);
            for (; i + 8 <= count; i += 8)
                Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Load(a + i), Vector256<float>.Zero), Vector256.Load(dh + i), Vector256<float>.Zero).Store(dzOut + i);
            for (; i < count; i++) dzOut[i] = a[i] > 0 ? dh[i] : 0f;
        }
        else
        {
            var one = Vector256.Create(1f);
            for (; i + 8 <= count; i += 8)
            {
                var ai = Vector256.Load(a + i);
                (Vector256.Load(dh + i) * (one - ai * ai)).Store(dzOut + i);
            }
            for (; i < count; i++) dzOut[i] = dh[i] * (1f - a[i] * a[i]);
        }
    }

    /// <summary>∂/∂z of −(1/D) Σ t·log_softmax(z): (softmax(z)·Σt − t)/D, row by row.</summary>
    static void LossGradient(float* z, float* t, float* dzOut, int d, int actions)
    {
        for (int r = 0; r < d; r++)
        {
            float* zr = z + r * actions, tr = t + r * actions, gr = dzOut + r * actions;
            float max = zr[0];
            for (int a = 1; a < actions; a++) max = MathF.Max(max, zr[a]);
            float sum = 0, mass = 0;
            for (int a = 0; a < actions; a++) { gr[a] = MathF.Exp(zr[a] - max); sum += gr[a]; mass += tr[a]; }
            for (int a = 0; a < actions; a++) gr[a] = (gr[a] / sum * mass - tr[a]) / d;
        }
    }

    public void Dispose()
    {
        foreach (var p in new[] { theta, m, v, piece, dzT, dhT }) NativeMemory.AlignedFree(p);
        foreach (var p in h) NativeMemory.AlignedFree(p);
        foreach (var p in dz) NativeMemory.AlignedFree(p);
        Feed.Dispose();
        flush.Dispose();
    }
}
