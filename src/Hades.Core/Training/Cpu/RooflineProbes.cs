using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Hades.Core.Policies;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// Measured rates for the fused inner loop's roofline, each run on <c>threads</c> threads at once (every thread with
/// its own buffers, as <see cref="FusedMlpTrainer"/> trains one member per thread) and reported for all of them together:
/// the stream bandwidth over a member-sized working set (θ, m, v read and written, as Adam does), the rate of Adam's
/// element-wise arithmetic on L1-resident data (its divisions and square root, no memory traffic), and the achieved
/// time of a real member step (<see cref="MemberTrainer"/> on random data), and the FMA peak in registers. Every
/// rate is per second of the threads' own CPU time (<see cref="ThreadCpuClock"/>), which other processes' load
/// distorts far less than the wall clock (it still shares the caches and memory with them).
/// </summary>
public static unsafe class RooflineProbes
{
    /// <summary>Bytes per second (all threads) of a read-modify-write stream over three arrays of
    /// <paramref name="footprintBytes"/>/3 each per thread: 24 bytes per element per sweep, like Adam's θ, m, v.</summary>
    public static double StreamBytesPerSecond(double footprintBytes, int threads, double seconds = 0.4)
    {
        int n = Math.Max(16, (int)(footprintBytes / 12) / 16 * 16);
        return RunAll(threads, seconds,
            () => new[] { Alloc(n), Alloc(n), Alloc(n) },
            buffers =>
            {
                float* a = buffers[0], b = buffers[1], c = buffers[2];
                if (Vector512.IsHardwareAccelerated)
                {
                    var half = Vector512.Create(0.5f);
                    for (int i = 0; i < n; i += 16)
                    {
                        var x = Vector512.Load(a + i); var y = Vector512.Load(b + i); var z = Vector512.Load(c + i);
                        (x * half + y).Store(a + i); (y * half + z).Store(b + i); (z * half + x).Store(c + i);
                    }
                }
                else
                {
                    var half = Vector256.Create(0.5f);
                    for (int i = 0; i < n; i += 8)
                    {
                        var x = Vector256.Load(a + i); var y = Vector256.Load(b + i); var z = Vector256.Load(c + i);
                        (x * half + y).Store(a + i); (y * half + z).Store(b + i); (z * half + x).Store(c + i);
                    }
                }
                return 24.0 * n;
            });
    }

    /// <summary>FLOPs per second (all threads) of independent 512-bit (or 256-bit) FMA chains in registers: the cores'
    /// arithmetic peak with no memory traffic, 2 FLOPs per lane per FMA.</summary>
    public static double FmaFlopsPerSecond(int threads, double seconds = 0.3) =>
        RunAll(threads, seconds, () => [], _ => Vector512.IsHardwareAccelerated
            ? FmaChains<Lanes512, Vector512<float>>()
            : FmaChains<Lanes256, Vector256<float>>());

    /// <summary>Twelve independent FMA chains of <typeparamref name="TVector"/> for 4,096 rounds; the FLOPs done. One
    /// body for both widths: <typeparamref name="TLanes"/> is a struct, so the JIT compiles it once per width with the
    /// operations inlined, the same code as a body written out per width.</summary>
    internal static double FmaChains<TLanes, TVector>() where TLanes : struct, IFmaLanes<TVector> where TVector : struct
    {
        const int rounds = 4096;
        var a = TLanes.Create(0.999f); var b = TLanes.Create(1e-7f);
        TVector s0 = b, s1 = b, s2 = b, s3 = b, s4 = b, s5 = b, s6 = b, s7 = b, s8 = b, s9 = b, s10 = b, s11 = b;
        for (int r = 0; r < rounds; r++)
        {
            s0 = TLanes.Fma(s0, a, b); s1 = TLanes.Fma(s1, a, b); s2 = TLanes.Fma(s2, a, b);
            s3 = TLanes.Fma(s3, a, b); s4 = TLanes.Fma(s4, a, b); s5 = TLanes.Fma(s5, a, b);
            s6 = TLanes.Fma(s6, a, b); s7 = TLanes.Fma(s7, a, b); s8 = TLanes.Fma(s8, a, b);
            s9 = TLanes.Fma(s9, a, b); s10 = TLanes.Fma(s10, a, b); s11 = TLanes.Fma(s11, a, b);
        }
        var sum = TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Add(s0, s1), TLanes.Add(s2, s3)), TLanes.Add(TLanes.Add(s4, s5), TLanes.Add(s6, s7))),
            TLanes.Add(TLanes.Add(s8, s9), TLanes.Add(s10, s11)));
        Sink = TLanes.First(sum);
        return rounds * 12.0 * TLanes.Count * 2;
    }

    /// <summary>The lane operations of the FMA probe at one vector width.</summary>
    internal interface IFmaLanes<TVector> where TVector : struct
    {
        static abstract int Count { get; }
        static abstract TVector Create(float value);
        static abstract TVector Fma(TVector x, TVector a, TVector b);
        static abstract TVector Add(TVector x, TVector y);
        static abstract float First(TVector x);
    }

    internal readonly struct Lanes512 : IFmaLanes<Vector512<float>>
    {
        public static int Count => Vector512<float>.Count;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Create(float value) => Vector512.Create(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Fma(Vector512<float> x, Vector512<float> a, Vector512<float> b) => Vector512.FusedMultiplyAdd(x, a, b);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> x, Vector512<float> y) => x + y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float First(Vector512<float> x) => x.GetElement(0);
    }

    internal readonly struct Lanes256 : IFmaLanes<Vector256<float>>
    {
        public static int Count => Vector256<float>.Count;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Create(float value) => Vector256.Create(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Fma(Vector256<float> x, Vector256<float> a, Vector256<float> b) => Vector256.FusedMultiplyAdd(x, a, b);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> x, Vector256<float> y) => x + y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float First(Vector256<float> x) => x.GetElement(0);
    }

    /// <summary>Keeps the FMA chains' results alive.</summary>
    public static float Sink;

    /// <summary>Adam updates per second (all threads) of <see cref="AdamKernel.Update"/> on 1,024 parameters that stay in L1.</summary>
    public static double AdamParametersPerSecond(int threads, double seconds = 0.3)
    {
        const int n = 1024;
        var step = AdamKernel.Step.Of(3, 0.01f, 1e-5f);
        return RunAll(threads, seconds,
            () =>
            {
                var buffers = new[] { Alloc(n), Alloc(n), Alloc(n), Alloc(n) };
                for (int i = 0; i < n; i++) { buffers[1][i] = 0.01f * (i % 7 - 3); buffers[3][i] = 1e-4f; }
                return buffers;
            },
            buffers => { AdamKernel.Update(buffers[0], buffers[1], buffers[2], buffers[3], n, step); return n; });
    }

    /// <summary>Seconds per inner-loop step of one member of <paramref name="shape"/> on <paramref name="pairs"/> random
    /// pairs, with <paramref name="threads"/> members training at once (one per thread), <paramref name="steps"/>
    /// steps each after a warm-up.</summary>
    public static double MemberStepSeconds(MlpShape shape, int pairs, int threads, int steps = 64)
    {
        var layout = new MemberLayout(shape, pairs);
        double total = 0;
        var clocks = new double[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            using var trainer = new MemberTrainer(layout);
            var random = new System.Random(17 + t);
            var p = trainer.Parameters;
            for (int l = 0; l < layout.Layers; l++)
            {
                float scale = 1f / MathF.Sqrt(layout.In[l]);
                for (int i = 0; i < layout.In[l] * layout.Out[l]; i++) p[layout.WeightOffset[l] + i] = scale * (float)(random.NextDouble() * 2 - 1);
            }
            float* x = Alloc(pairs * shape.Input), y = Alloc(pairs * shape.Output);
            try
            {
                for (int i = 0; i < pairs * shape.Input; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
                for (int r = 0; r < pairs; r++) y[r * shape.Output + r % shape.Output] = 1f;
                trainer.Train(x, y, 4, 0.01f, 1e-5f); // warm-up: JIT, caches
                trainer.Reset();
                double start = ThreadCpuClock.Now();
                trainer.Train(x, y, steps, 0.01f, 1e-5f);
                clocks[t] = (ThreadCpuClock.Now() - start) / steps;
            }
            finally { NativeMemory.AlignedFree(x); NativeMemory.AlignedFree(y); }
        });
        foreach (double c in clocks) total += c;
        return total / threads;
    }

    /// <summary>Runs <paramref name="work"/> repeatedly on every thread for about <paramref name="seconds"/> and returns
    /// the summed units per second.</summary>
    static double RunAll(int threads, double seconds, Func<float*[]> setUp, Func<float*[], double> work)
    {
        var rates = new double[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            using var flush = new Torch.FlushDenormals(); // as the trainer runs
            var buffers = setUp();
            try
            {
                for (int i = 0; i < 3; i++) work(buffers); // warm-up
                double units = 0, start = ThreadCpuClock.Now(), spent = 0;
                while (spent < seconds) { units += work(buffers); spent = ThreadCpuClock.Now() - start; }
                rates[t] = units / spent;
            }
            finally { foreach (var b in buffers) NativeMemory.AlignedFree(b); }
        });
        return rates.Sum();
    }

    static float* Alloc(int count)
    {
        var p = (float*)NativeMemory.AlignedAlloc((nuint)count * sizeof(float), 64);
        new Span<float>(p, count).Clear();
        return p;
    }
}
