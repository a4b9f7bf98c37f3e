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
public sealed unsafe partial class MemberTrainer : IDisposable
{
    /// <summary>The weight gradient goes through Adam in pieces of about this many floats (16 KiB: L1-resident).</summary>
    const int PieceFloats = 4096;

    readonly MemberLayout s;
    readonly float* theta, m, v, piece, dzT, dhT;
    readonly float*[] h, dz;
    readonly FlushDenormals flush = new();

    public MemberTrainer(MemberLayout layout)
    {
        s = layout;
        theta = Alloc(s.Count); m = Alloc(s.Count); v = Alloc(s.Count);
        piece = Alloc(PieceFloats + 4 * s.MaxWidth);
        dzT = Alloc(s.Pairs * s.MaxWidth); dhT = Alloc(s.Pairs * s.MaxWidth);
        h = new float*[s.Layers]; dz = new float*[s.Layers];
        for (int l = 0; l < s.Layers; l++) { h[l] = Alloc(s.Pairs * s.Out[l]); dz[l] = Alloc(s.Pairs * s.Out[l]); }
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
        int last = s.Layers - 1;
        Forward(x);
        LossGradient(h[last], t, dz[last], s.Pairs, s.Out[last]);
        Backward();
        for (int l = 0; l <= last; l++)
        {
            if (l == last && Narrow) NarrowWeightGradientAdam(l == 0 ? x : h[l - 1], l, adam);
            else WeightGradientAdam(l == 0 ? x : h[l - 1], l, adam);
            BiasGradientAdam(l, adam);
        }
    }

    /// <summary>Every layer's output h[l] (hidden layers activated) from the pairs x.</summary>
    void Forward(float* x)
    {
        int d = s.Pairs, last = s.Layers - 1;
        float* input = x;
        for (int l = 0; l <= last; l++)
        {
            if (l == last && Narrow) NarrowForward(input, l);
            else MatrixKernels.Multiply(input, s.In[l], 1, theta + s.WeightOffset[l], h[l], d, s.In[l], s.Out[l], theta + s.BiasOffset[l]);
            if (l < last) Activate(h[l], d * s.Out[l]);
            input = h[l];
        }
    }

    /// <summary>From the output layer's dz, every lower layer's dz, with the weights of this step:
    /// dhᵀ[i, r] = Σ_j W[i, j]·dz[r, j], then through the activation.</summary>
    void Backward()
    {
        int d = s.Pairs;
        for (int l = s.Layers - 1; l > 0; l--)
        {
            MatrixKernels.Transpose(dz[l], dzT, d, s.Out[l]);
            MatrixKernels.Multiply(theta + s.WeightOffset[l], s.Out[l], 1, dzT, dhT, s.In[l], s.Out[l], d, null);
            MatrixKernels.Transpose(dhT, dzT, s.In[l], d);
            ActivationGradient(h[l - 1], dzT, dz[l - 1], d * s.In[l]);
        }
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

    /// <summary>dW = belowᵀ·dz (each element a chain over the pairs) through Adam: with 512-bit vectors in 4 × 64
    /// blocks that never leave the registers (<see cref="GradientAdamKernel"/>), the rest (or everything, without
    /// them) a few rows at a time through an L1-sized piece.</summary>
    void WeightGradientAdam(float* below, int l, AdamKernel.Step adam)
    {
        int fanIn = s.In[l], fanOut = s.Out[l], d = s.Pairs, offset = s.WeightOffset[l];
        int rows = 0, cols = 0;
        if (Vector512.IsHardwareAccelerated && fanOut >= 64 && fanIn >= 4)
        {
            rows = fanIn / 4 * 4; cols = fanOut / 64 * 64;
            var constants = new GradientAdamKernel.Constants(adam);
            for (int i0 = 0; i0 < rows; i0 += 4)
            {
                int row = offset + i0 * fanOut;
                for (int j0 = 0; j0 < cols; j0 += 64)
                    GradientAdamKernel.Block4x64(below + i0, fanIn, dz[l] + j0, fanOut, d, theta + row + j0, m + row + j0, v + row + j0, constants);
            }
            if (cols < fanOut)
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
        BiasGradient(l, piece);
        int offset = s.BiasOffset[l];
        AdamKernel.Update(theta + offset, piece, m + offset, v + offset, s.Out[l], adam);
    }

    /// <summary>db = Σ over the pairs of dz (in order, from zero) into <paramref name="target"/>.</summary>
    void BiasGradient(int l, float* target)
    {
        int fanOut = s.Out[l];
        float* g = dz[l];
        new Span<float>(target, fanOut).Clear();
        for (int r = 0; r < s.Pairs; r++, g += fanOut)
        {
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; j + 16 <= fanOut; j += 16) (Vector512.Load(target + j) + Vector512.Load(g + j)).Store(target + j);
            for (; j + 8 <= fanOut; j += 8) (Vector256.Load(target + j) + Vector256.Load(g + j)).Store(target + j);
            for (; j < fanOut; j++) target[j] += g[j];
        }
    }

    void Activate(float* z, int count) => ActivationKernel.Apply(s.Activation, z, count);

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
        DisposeGaussian();
        flush.Dispose();
    }
}
