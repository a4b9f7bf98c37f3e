using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Hades.Core.Policies;
using Hades.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// The discrete-action inner loop (full-batch Adam on mean cross-entropy, PyTorch's Adam formula) written out by hand
/// for CPU float32 networks: member by member, forward, backward and one Adam pass over a flat parameter vector, all in
/// the member's own few kilobytes of cache-resident buffers, instead of ~100 batched libtorch ops per step that each
/// stream every member's tensors through memory. Members are spread over the torch thread count; a member's result
/// depends only on its own init, data, learning rate and step count (each member runs the same single-threaded
/// arithmetic, see <see cref="MatrixKernels"/>), so it is the same for any thread count and any batch.
/// </summary>
public static unsafe class FusedMlpTrainer
{
    const float Beta1 = 0.9f, Beta2 = 0.999f;

    /// <summary>True when <paramref name="policies"/> and the data can take the fused path (CPU float32).</summary>
    public static bool Supports(BatchedMlp policies, Tensor states, Tensor targets) =>
        states.device_type == DeviceType.CPU && targets.device_type == DeviceType.CPU
        && states.dtype == ScalarType.Float32 && targets.dtype == ScalarType.Float32
        && policies.Weights.All(w => w.device_type == DeviceType.CPU && w.dtype == ScalarType.Float32);

    /// <param name="policies">Networks, updated in place.</param>
    /// <param name="states">[B, D, obs] inputs.</param>
    /// <param name="targets">[B, D, A] or [1, D, A] target distributions.</param>
    /// <param name="learningRates">Per member.</param>
    /// <param name="steps">Per member.</param>
    public static void Train(BatchedMlp policies, Tensor states, Tensor targets, IReadOnlyList<double> learningRates,
        IReadOnlyList<int> steps, double epsilon, int threads = 0)
    {
        int members = policies.Members;
        if (learningRates.Count != members || steps.Count != members) throw new ArgumentException("one learning rate and step count per member");
        var shape = policies.Shape;
        int pairs = (int)states.shape[1];
        if (states.shape[0] != members || states.shape[2] != shape.Input) throw new ArgumentException("states must be [members, pairs, input]");
        if ((targets.shape[0] != members && targets.shape[0] != 1) || targets.shape[1] != pairs || targets.shape[2] != shape.Output)
            throw new ArgumentException("targets must be [members or 1, pairs, output]");
        using var stateData = states.contiguous();
        using var targetData = targets.contiguous();
        var weights = policies.Weights.Select(w => (Tensor)w.detach()).ToArray();
        var biases = policies.Biases.Select(b => (Tensor)b.detach()).ToArray();
        if (weights.Any(w => !w.is_contiguous()) || biases.Any(b => !b.is_contiguous())) throw new ArgumentException("policy parameters must be contiguous");
        try
        {
            var layout = new MemberLayout(shape, pairs);
            long statesPtr = Address(stateData), targetsPtr = Address(targetData);
            long targetStride = targets.shape[0] == 1 ? 0 : (long)pairs * shape.Output;
            long[] wPtr = weights.Select(Address).ToArray(), bPtr = biases.Select(Address).ToArray();
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Math.Max(1, torch.get_num_threads()) };
            Parallel.For(0, members, options,
                () => new Workspace(layout),
                (m, _, ws) =>
                {
                    ws.Load(wPtr, bPtr, m);
                    float* x = (float*)statesPtr + (long)m * pairs * shape.Input;
                    float* t = (float*)targetsPtr + m * targetStride;
                    float lr = (float)learningRates[m];
                    for (int step = 1; step <= steps[m]; step++)
                    {
                        ws.Gradient(x, t);
                        ws.Adam(step, lr, (float)epsilon);
                    }
                    ws.Store(wPtr, bPtr, m);
                    return ws;
                },
                ws => ws.Dispose());
        }
        finally
        {
            foreach (var w in weights) w.Dispose();
            foreach (var b in biases) b.Dispose();
        }
    }

    static long Address(Tensor t) =>
        (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    /// <summary>Sizes and offsets of one member's flat parameter vector (W0, b0, W1, b1, …, as <see cref="BatchedMlp.Flatten"/>).</summary>
    sealed class MemberLayout
    {
        public readonly int Pairs, Layers, Count, MaxWidth, MaxWeights;
        public readonly int[] In, Out, WeightOffset, BiasOffset;
        public readonly Activation Activation;

        public MemberLayout(MlpShape shape, int pairs)
        {
            var layers = shape.Layers().ToArray();
            Pairs = pairs; Layers = layers.Length; Activation = shape.Activation;
            In = layers.Select(l => l.In).ToArray(); Out = layers.Select(l => l.Out).ToArray();
            WeightOffset = new int[Layers]; BiasOffset = new int[Layers];
            int offset = 0;
            for (int l = 0; l < Layers; l++)
            {
                WeightOffset[l] = offset; offset += In[l] * Out[l];
                BiasOffset[l] = offset; offset += Out[l];
            }
            Count = offset;
            MaxWidth = Math.Max(layers.Max(l => l.Out), layers.Max(l => l.In));
            MaxWeights = layers.Max(l => l.In * l.Out);
        }
    }

    /// <summary>One thread's buffers: a member's parameters, gradient, Adam moments and activations; subnormals
    /// flushed on the thread while it works (as the batched trainers do).</summary>
    sealed class Workspace : IDisposable
    {
        readonly MemberLayout s;
        readonly float* theta, grad, m, v, transposed, dz, dh;
        readonly float*[] h;
        readonly FlushDenormals flush = new();

        public Workspace(MemberLayout layout)
        {
            s = layout;
            theta = Alloc(s.Count); grad = Alloc(s.Count); m = Alloc(s.Count); v = Alloc(s.Count);
            transposed = Alloc(s.MaxWeights);
            dz = Alloc(s.Pairs * s.MaxWidth); dh = Alloc(s.Pairs * s.MaxWidth);
            h = new float*[s.Layers];
            for (int l = 0; l < s.Layers; l++) h[l] = Alloc(s.Pairs * s.Out[l]);
        }

        static float* Alloc(int count) => (float*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, count) * sizeof(float), 64);

        public void Load(long[] wPtr, long[] bPtr, int member)
        {
            for (int l = 0; l < s.Layers; l++)
            {
                int wc = s.In[l] * s.Out[l];
                new ReadOnlySpan<float>((float*)wPtr[l] + (long)member * wc, wc).CopyTo(new Span<float>(theta + s.WeightOffset[l], wc));
                new ReadOnlySpan<float>((float*)bPtr[l] + (long)member * s.Out[l], s.Out[l]).CopyTo(new Span<float>(theta + s.BiasOffset[l], s.Out[l]));
            }
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

        /// <summary>grad = ∇ of the mean cross-entropy of the member's pairs x [D×in] against targets t [D×A].</summary>
        public void Gradient(float* x, float* t)
        {
            int d = s.Pairs, last = s.Layers - 1;
            float* input = x;
            for (int l = 0; l <= last; l++)
            {
                MatrixKernels.Multiply(input, s.In[l], 1, theta + s.WeightOffset[l], h[l], d, s.In[l], s.Out[l], theta + s.BiasOffset[l]);
                if (l < last) Activate(h[l], d * s.Out[l]);
                input = h[l];
            }
            LossGradient(h[last], t, dz, d, s.Out[last]);
            for (int l = last; l >= 0; l--)
            {
                int fanIn = s.In[l], fanOut = s.Out[l];
                float* below = l == 0 ? x : h[l - 1];
                // dW = belowᵀ · dz (A = belowᵀ read through strides), db = column sums of dz
                MatrixKernels.Multiply(below, 1, fanIn, dz, grad + s.WeightOffset[l], fanIn, d, fanOut, null);
                float* db = grad + s.BiasOffset[l];
                new Span<float>(db, fanOut).Clear();
                for (int r = 0; r < d; r++)
                    for (int j = 0; j < fanOut; j++) db[j] += dz[r * fanOut + j];
                if (l == 0) break;
                MatrixKernels.Transpose(theta + s.WeightOffset[l], transposed, fanIn, fanOut);
                MatrixKernels.Multiply(dz, fanOut, 1, transposed, dh, d, fanOut, fanIn, null);
                ActivationGradient(h[l - 1], dh, dz, d * fanIn);
            }
        }

        void Activate(float* z, int count)
        {
            if (s.Activation == Activation.Relu)
                for (int i = 0; i < count; i++) z[i] = z[i] > 0 ? z[i] : 0f;
            else
                for (int i = 0; i < count; i++) z[i] = MathF.Tanh(z[i]);
        }

        /// <summary>dz = dh ⊙ act′, from the activation's output a (relu: a &gt; 0; tanh: 1 − a²).</summary>
        void ActivationGradient(float* a, float* dhIn, float* dzOut, int count)
        {
            if (s.Activation == Activation.Relu)
                for (int i = 0; i < count; i++) dzOut[i] = a[i] > 0 ? dhIn[i] : 0f;
            else
                for (int i = 0; i < count; i++) dzOut[i] = dhIn[i] * (1f - a[i] * a[i]);
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

        /// <summary>One Adam update of θ (PyTorch's formula) with the 1-based step number.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Adam(int step, float lr, float epsilon)
        {
            float stepSize = (float)(lr / (1 - Math.Pow(Beta1, step)));
            float rootCorrection2 = (float)Math.Sqrt(1 - Math.Pow(Beta2, step));
            int n = s.Count, i = 0;
            var b1 = Vector256.Create(Beta1); var c1 = Vector256.Create(1 - Beta1);
            var b2 = Vector256.Create(Beta2); var c2 = Vector256.Create(1 - Beta2);
            var root = Vector256.Create(rootCorrection2); var eps = Vector256.Create(epsilon); var size = Vector256.Create(stepSize);
            for (; i + 8 <= n; i += 8)
            {
                var g = Vector256.Load(grad + i);
                var mi = Vector256.Load(m + i) * b1 + g * c1;
                var vi = Vector256.Load(v + i) * b2 + g * g * c2;
                mi.Store(m + i); vi.Store(v + i);
                var denominator = Vector256.Sqrt(vi) / root + eps;
                (Vector256.Load(theta + i) - size * mi / denominator).Store(theta + i);
            }
            for (; i < n; i++)
            {
                float g = grad[i];
                m[i] = m[i] * Beta1 + g * (1 - Beta1);
                v[i] = v[i] * Beta2 + g * g * (1 - Beta2);
                theta[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / rootCorrection2 + epsilon);
            }
        }

        public void Dispose()
        {
            foreach (var p in new[] { theta, grad, m, v, transposed, dz, dh }) NativeMemory.AlignedFree(p);
            foreach (var p in h) NativeMemory.AlignedFree(p);
            flush.Dispose();
        }
    }
}
