using System.Runtime.InteropServices;
using Hades.Core.Training.Cpu;
using static System.FormattableString;

namespace Hades.Host.Bench;

/// <summary>
/// `hades bench --suite products` (issue 18, sixth pass): the Breakout 512-512 member step's matrix products alone, at
/// their exact shapes (D = 16 pairs), in GFLOP per thread CPU second: <see cref="MatrixKernels.Multiply"/> as the
/// trainer calls it, warm and cold, and libtorch's <c>mm</c> of the same sizes on one torch thread as a yardstick.
/// (The other loop orders and register blocks the sixth pass timed beside it, none kept, are in commit 7c2cc98:
/// docs/benchmarks.md.)
/// Best and median of 7 batches of at least 40 ms each; seconds in all.
/// </summary>
public static unsafe class ProductsBench
{
    /// <summary>One product C[m×n] = init + A·B with A[i,p] = a[i·aRow + p·aCol].</summary>
    sealed record Shape(string Name, int M, int K, int N, bool ATransposed, bool Bias);

    static readonly Shape[] Shapes =
    [
        new("forward 1: x·W0 + b (16x400 . 400x512)", 16, 400, 512, false, true),
        new("forward 2: h1·W1 + b (16x512 . 512x512)", 16, 512, 512, false, true),
        new("forward out, transposed: W2t·h2t (6x512 . 512x16)", 6, 512, 16, true, false),
        new("input gradient 2: W1·dz2t (512x512 . 512x16)", 512, 512, 16, false, false),
        new("weight gradient 2 (product only): h1t·dz2 (512x16 . 16x512)", 512, 16, 512, true, false),
        new("weight gradient 1 (product only): xt·dz1 (400x16 . 16x512)", 400, 16, 512, true, false),
        new("weight gradient out, transposed: dz3t·h2 (6x16 . 16x512)", 6, 16, 512, true, false),
    ];

    public static int Run()
    {
        System.Console.WriteLine(Invariant($"products of the Breakout 512-512 member step (D = 16), GFLOP per thread CPU second (best / median of 7 batches); 512-bit kernels: {MatrixKernels.Wide}; load average {Issue18Bench.LoadAverage()}"));
        double peak = SgemmPeak.MeasureCpuGflops();
        System.Console.WriteLine(Invariant($"SGEMM peak in CPU time (libtorch 1536x1536, 1 thread): {peak:0.0} GFLOP per CPU second"));
        System.Console.WriteLine("warm: the same A and B every call (they stay in L1/L2)");
        foreach (var shape in Shapes) Measure(shape, peak, copies: 1);
        System.Console.WriteLine(Invariant($"cold: calls cycle over copies of A and B totalling >= {ColdBytes >> 20} MiB (more than L2), as in a member step where θ, m, v stream between the products"));
        foreach (var shape in Shapes) Measure(shape, peak, copies: Math.Max(2, (int)(ColdBytes / (4L * (shape.M * shape.K + shape.K * shape.N)))));
        System.Console.WriteLine("the weight gradients as the trainer runs them: fused with Adam (GradientAdamKernel.Block4x64 over the layer's θ, m, v; compare the products alone above)");
        foreach (var (fanIn, fanOut) in new[] { (400, 512), (512, 512), (256, 256) }) GradientAdamRow(fanIn, fanOut, peak);
        return 0;
    }

    const long ColdBytes = 8L << 20;

    static void Measure(Shape s, double peak, int copies)
    {
        int m = s.M, k = s.K, n = s.N;
        var random = new System.Random(5);
        float* aAll = Alloc(copies * m * k), bAll = Alloc(copies * k * n);
        float* init = Alloc(n), c = Alloc(m * n);
        float* a = aAll, b = bAll;
        int next = 0;
        void Rotate()
        {
            next = (next + 1) % copies;
            a = aAll + (long)next * m * k; b = bAll + (long)next * k * n;
        }
        try
        {
            for (int i = 0; i < m * k; i++) a[i] = (float)(random.NextDouble() * 2 - 1);
            for (int i = 0; i < k * n; i++) b[i] = (float)(random.NextDouble() * 2 - 1);
            for (int r = 1; r < copies; r++)
            {
                new ReadOnlySpan<float>(aAll, m * k).CopyTo(new Span<float>(aAll + (long)r * m * k, m * k));
                new ReadOnlySpan<float>(bAll, k * n).CopyTo(new Span<float>(bAll + (long)r * k * n, k * n));
            }
            for (int i = 0; i < n; i++) init[i] = (float)(random.NextDouble() * 0.1);
            // A as the trainer reads it: row-major [m×k], or stored [k×m] and read transposed (no copy)
            int aRow = s.ATransposed ? 1 : k, aCol = s.ATransposed ? m : 1;
            float* bias = s.Bias ? init : null;
            double flops = 2.0 * m * k * n;
            System.Console.WriteLine("  " + s.Name + Invariant($": {flops / 1e6:0.00} MFLOP, {copies} copies of A and B"));

            new Span<float>(c, m * n).Fill(float.NaN);
            var (best, median) = Time(() => { Rotate(); MatrixKernels.Multiply(a, aRow, aCol, b, c, m, k, n, bias); });
            System.Console.WriteLine(Invariant($"    {"MatrixKernels.Multiply (current)",-46} {flops / best / 1e9,6:0.0} / {flops / median / 1e9,6:0.0} GFLOP/CPU-s ({100 * flops / best / 1e9 / peak:0}% of SGEMM peak)"));
            if (copies == 1) TorchRow(s, flops, peak);
        }
        finally
        {
            foreach (var p in new[] { aAll, bAll, init, c }) NativeMemory.AlignedFree(p);
        }
    }

    /// <summary>dW = belowᵀ·dz for a fanIn × fanOut layer and 16 pairs in 4 × 64 blocks fused with Adam onto θ, m, v
    /// (the trainer's kernel), with one copy of θ, m, v and with calls cycling over copies of at least <see cref="ColdBytes"/>.</summary>
    static void GradientAdamRow(int fanIn, int fanOut, double peak)
    {
        if (!MatrixKernels.Wide) return;
        const int pairs = 16;
        int count = fanIn * fanOut, copiesCold = (int)Math.Max(2, ColdBytes / (12L * count));
        var random = new System.Random(9);
        float* below = Alloc(pairs * fanIn), dz = Alloc(pairs * fanOut);
        float* theta = Alloc(copiesCold * count), m = Alloc(copiesCold * count), v = Alloc(copiesCold * count);
        try
        {
            for (int i = 0; i < pairs * fanIn; i++) below[i] = (float)random.NextDouble();
            for (int i = 0; i < pairs * fanOut; i++) dz[i] = (float)(random.NextDouble() - 0.5) * 0.01f;
            for (long i = 0; i < (long)copiesCold * count; i++) { theta[i] = (float)(random.NextDouble() - 0.5) * 0.1f; v[i] = 1e-6f; }
            var constants = new GradientAdamKernel.Constants(AdamKernel.Step.Of(5, 0.001f, 1e-8f));
            double flops = 2.0 * fanIn * pairs * fanOut;
            System.Console.WriteLine(Invariant($"  weight gradient {fanIn}x16 . 16x{fanOut}: {flops / 1e6:0.00} MFLOP; θ, m, v {12.0 * count / 1e6:0.00} MB"));
            foreach (int copies in new[] { 1, copiesCold })
            {
                int next = 0;
                void Fused()
                {
                    next = (next + 1) % copies;
                    long at = (long)next * count;
                    for (int i0 = 0; i0 < fanIn; i0 += 4)
                        for (int j0 = 0; j0 < fanOut; j0 += Panel)
                        {
                            long o = at + i0 * fanOut + j0;
                            GradientAdamKernel.Block4x64(below + i0, fanIn, dz + j0, fanOut, pairs, theta + o, m + o, v + o, constants);
                        }
                }
                var (best, median) = Time(Fused);
                System.Console.WriteLine(Invariant($"    {"fused with Adam, " + copies + " cop" + (copies == 1 ? "y" : "ies") + " of θ, m, v",-46} {flops / best / 1e9,6:0.0} / {flops / median / 1e9,6:0.0} GFLOP/CPU-s ({100 * flops / best / 1e9 / peak:0}% of SGEMM peak); {1e6 * median:0} µs per call, {1e9 * median / count:0.00} ns per parameter"));
            }
        }
        finally
        {
            foreach (var p in new[] { below, dz, theta, m, v }) NativeMemory.AlignedFree(p);
        }
    }

    const int Panel = 64;


    /// <summary>libtorch's mm (addmm with a bias) of the same sizes, contiguous operands, one torch thread.</summary>
    static void TorchRow(Shape s, double flops, double peak)
    {
        int threads = TorchSharp.torch.get_num_threads();
        try
        {
            if (threads != 1) TorchSharp.torch.set_num_threads(1);
            using var a = TorchSharp.torch.randn(s.M, s.K);
            using var b = TorchSharp.torch.randn(s.K, s.N);
            using var bias = TorchSharp.torch.randn(s.N);
            Action run = s.Bias ? () => { using (TorchSharp.torch.addmm(bias, a, b, 1f, 1f)) { } } : () => { using (TorchSharp.torch.mm(a, b)) { } };
            var (best, median) = Time(run);
            System.Console.WriteLine(Invariant($"    {"libtorch " + (s.Bias ? "addmm" : "mm") + " (1 thread, with its call overhead)",-46} {flops / best / 1e9,6:0.0} / {flops / median / 1e9,6:0.0} GFLOP/CPU-s ({100 * flops / best / 1e9 / peak:0}% of SGEMM peak)"));
        }
        finally
        {
            if (threads != 1) TorchSharp.torch.set_num_threads(threads);
        }
    }

    /// <summary>Seconds per call in thread CPU time: best and median of 7 batches of at least 40 ms, after a warm-up.</summary>
    static (double Best, double Median) Time(Action run)
    {
        using var flush = new Core.Torch.FlushDenormals();
        for (int i = 0; i < 20; i++) run();
        var perCall = new double[7];
        for (int batch = 0; batch < perCall.Length; batch++)
        {
            int calls = 0;
            double start = ThreadCpuClock.Now(), spent;
            do { for (int i = 0; i < 16; i++) run(); calls += 16; spent = ThreadCpuClock.Now() - start; } while (spent < 0.04);
            perCall[batch] = spent / calls;
        }
        Array.Sort(perCall);
        return (perCall[0], perCall[perCall.Length / 2]);
    }

    static float* Alloc(int count)
    {
        var p = (float*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, count) * sizeof(float), 64);
        new Span<float>(p, Math.Max(1, count)).Clear();
        return p;
    }
}
