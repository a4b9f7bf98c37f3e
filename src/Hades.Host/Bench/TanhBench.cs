using System.Diagnostics;
using System.Runtime.Intrinsics;
using Hades.Core.Training.Cpu;
using static System.FormattableString;

namespace Hades.Host.Bench;

/// <summary>
/// `hades bench --suite tanh`: <see cref="VectorTanh"/> against <see cref="MathF.Tanh"/> on every one of the 2³² float
/// bit patterns, for each vector width this machine has (NaN against NaN counts as equal), then the time per value of
/// both on the values a 64-64 tanh policy's hidden units see. Minutes on two cores.
/// </summary>
public static class TanhBench
{
    const int Chunk = 1 << 20;

    public static int Run(CancellationToken cancel)
    {
        int threads = Math.Max(1, TorchSharp.torch.get_num_threads());
        bool wide = Vector512.IsHardwareAccelerated, narrow = Vector256.IsHardwareAccelerated;
        Timing();
        System.Console.WriteLine(Invariant($"tanh: every float bit pattern, vector lanes against MathF.Tanh ({(wide ? "512-bit and " : "")}{(narrow ? "256-bit" : "no")} lanes), {threads} thread(s)"));
        long mismatch512 = 0, mismatch256 = 0, mismatch256x2 = 0, done = 0;
        var examples = new List<string>();
        var clock = Stopwatch.StartNew();
        Parallel.For(0, (int)((1L << 32) / Chunk), new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel }, () => new Buffers(), (c, _, b) =>
        {
            for (int i = 0; i < Chunk; i++)
            {
                b.Input[i] = BitConverter.Int32BitsToSingle((int)(uint)((long)c * Chunk + i));
                b.Scalar[i] = MathF.Tanh(b.Input[i]);
            }
            if (wide) Interlocked.Add(ref mismatch512, Compare<Lanes512, Vector512<float>, Vector512<int>>(b, examples));
            if (narrow) Interlocked.Add(ref mismatch256, Compare<Lanes256, Vector256<float>, Vector256<int>>(b, examples));
            if (narrow) Interlocked.Add(ref mismatch256x2, Compare<Lanes256x2, Float256x2, Int256x2>(b, examples));
            if (Interlocked.Add(ref done, Chunk) % (1L << 30) == 0)
                System.Console.WriteLine(Invariant($"  {done >> 20} Mi patterns checked, {clock.Elapsed.TotalSeconds:0} s"));
            return b;
        }, _ => { });
        foreach (string e in examples.Take(10)) System.Console.WriteLine("  mismatch: " + e);
        System.Console.WriteLine(Invariant($"checked 4,294,967,296 bit patterns in {clock.Elapsed.TotalSeconds:0.0} s: ")
            + (wide ? Invariant($"512-bit lanes {mismatch512} mismatches, ") : "") + (narrow ? Invariant($"256-bit lanes {mismatch256} mismatches, 2 × 256-bit lanes {mismatch256x2} mismatches") : "no vector lanes")
            + Invariant($"; the process-start probe says {(VectorTanhProbe.Matches ? "use the lanes" : "use MathF.Tanh")}"));
        return mismatch512 == 0 && mismatch256 == 0 && mismatch256x2 == 0 && (wide || narrow) ? 0 : 1;
    }

    /// <summary>Nanoseconds per value of MathF.Tanh, of <see cref="VectorTanh.Apply"/> and of each lane width, on
    /// N(0, 2²) pre-activations: best of 5 passes over 64 Ki values after a warm-up.</summary>
    static unsafe void Timing()
    {
        var rng = new System.Random(1);
        var values = Enumerable.Range(0, 1 << 16).Select(_ => (float)(2 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))).ToArray();
        var work = new float[values.Length];
        var kernels = new List<(string Name, Action<float[]> Run)>
        {
            ("MathF.Tanh", w => { for (int i = 0; i < w.Length; i++) w[i] = MathF.Tanh(w[i]); }),
            ("VectorTanh.Apply", w => { fixed (float* p = w) VectorTanh.Apply(p, w.Length); }),
        };
        if (Vector512.IsHardwareAccelerated) kernels.Add(("512-bit lanes", Lanes<Lanes512, Vector512<float>, Vector512<int>>));
        if (Vector256.IsHardwareAccelerated) kernels.Add(("256-bit lanes", Lanes<Lanes256, Vector256<float>, Vector256<int>>));
        if (Vector256.IsHardwareAccelerated) kernels.Add(("2 × 256-bit lanes", Lanes<Lanes256x2, Float256x2, Int256x2>));
        var best = kernels.Select(_ => double.MaxValue).ToArray();
        for (int pass = 0; pass < 25; pass++) // the first 20 passes warm up (tiered compilation)
            for (int j = 0; j < kernels.Count; j++)
            {
                values.CopyTo(work, 0);
                long start = Stopwatch.GetTimestamp();
                kernels[j].Run(work);
                if (pass >= 20) best[j] = Math.Min(best[j], Stopwatch.GetElapsedTime(start).TotalNanoseconds / work.Length);
            }
        System.Console.WriteLine("time per value (one thread, wall clock on a shared machine, best of 5 × 65,536 N(0, 4) values after 20 warm-up passes): "
            + string.Join(", ", kernels.Select((k, j) => Invariant($"{k.Name} {best[j]:0.00} ns ({best[0] / best[j]:0.0}×)"))));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // as Apply: no tier-0 code in the timing
    static unsafe void Lanes<L, TF, TI>(float[] w) where L : IFloatLanes<TF, TI> where TF : struct where TI : struct
    {
        fixed (float* p = w)
            for (int i = 0; i + L.Count <= w.Length; i += L.Count) L.Store(VectorTanh.Tanh<L, TF, TI>(L.Load(p + i)), p + i);
    }

    static unsafe long Compare<L, TF, TI>(Buffers b, List<string> examples) where L : IFloatLanes<TF, TI> where TF : struct where TI : struct
    {
        long bad = 0;
        fixed (float* input = b.Input, output = b.Vector)
            for (int i = 0; i < Chunk; i += L.Count) L.Store(VectorTanh.Tanh<L, TF, TI>(L.Load(input + i)), output + i);
        for (int i = 0; i < Chunk; i++)
        {
            if (VectorTanhProbe.SameBits(b.Vector[i], b.Scalar[i])) continue;
            bad++;
            lock (examples)
                if (examples.Count < 10)
                    examples.Add(Invariant($"{L.Count}-lane tanh(0x{BitConverter.SingleToInt32Bits(b.Input[i]):x8} = {b.Input[i]:R}) = 0x{BitConverter.SingleToInt32Bits(b.Vector[i]):x8}, MathF.Tanh 0x{BitConverter.SingleToInt32Bits(b.Scalar[i]):x8}"));
        }
        return bad;
    }

    sealed class Buffers
    {
        public readonly float[] Input = new float[Chunk], Scalar = new float[Chunk], Vector = new float[Chunk];
    }
}
