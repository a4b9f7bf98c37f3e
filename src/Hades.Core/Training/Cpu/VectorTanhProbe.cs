using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// Whether <see cref="VectorTanh"/>'s lanes give <see cref="MathF.Tanh"/>'s bits on this machine. The lanes copy
/// glibc 2.36's single-precision fdlibm <c>tanhf</c>; another C library (or a later glibc, whose <c>tanhf</c> is a
/// different algorithm) would round some inputs otherwise. So once per process, before the first vector call, the
/// lanes are compared with <c>MathF.Tanh</c> on every branch boundary of the algorithm (±64 ulps around each, both
/// signs) and on a stride through all 2³² bit patterns; the lanes are used only if every value agrees bit for bit
/// (NaNs: both NaN), so a run's results never depend on which path computed them.
/// </summary>
public static class VectorTanhProbe
{
    static readonly Lazy<bool> matches = new(() => Mismatches(ProbeValues()) == 0, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when the vector lanes reproduce <c>MathF.Tanh</c> on this machine (measured once per process).</summary>
    public static bool Matches => matches.Value;

    /// <summary>Bit patterns where the algorithm changes branch (of |x| for tanh, of |u| = 2|x| for its expm1).</summary>
    public static IReadOnlyList<uint> Boundaries { get; } =
    [
        0x00000000, 0x00800000, 0x24000000, 0x33000000 - 0x00800000 /* 2|x| = 2^-25 */, 0x3eb17218 - 0x00800000,
        0x3f851592 - 0x00800000, 0x3f800000, 0x41b00000, 0x7f800000, 0x7f7fffff,
        // expm1's k = trunc(u/ln2 ± 1/2) changes where |u| = (j + 1/2)·ln2: k −2 → −3 (|x| < 1), and every k for 1 ≤ |x| < 22
        .. Enumerable.Range(2, 63).Select(j => (uint)BitConverter.SingleToInt32Bits((float)((j + 0.5) * Math.Log(2) / 2))),
    ];

    /// <summary>The probe's inputs: ±64 ulps around every boundary, both signs, and every 2¹⁴-th bit pattern.</summary>
    public static float[] ProbeValues()
    {
        var values = new List<float>();
        foreach (uint b in Boundaries)
            for (long d = -64; d <= 64; d++)
            {
                long bits = b + d;
                if (bits < 0 || bits > 0x7fffffff) continue;
                values.Add(BitConverter.Int32BitsToSingle((int)bits));
                values.Add(BitConverter.Int32BitsToSingle((int)(bits | 0x80000000)));
            }
        for (long bits = 0; bits <= uint.MaxValue; bits += 1 << 14) values.Add(BitConverter.Int32BitsToSingle((int)(uint)bits));
        return values.ToArray();
    }

    /// <summary>How many of <paramref name="values"/> the 256-bit lanes that <see cref="VectorTanh.Apply"/> uses (one and two
    /// registers at a time) compute differently from <c>MathF.Tanh</c>, the more of the two (bit for bit; NaN against NaN counts as equal). Without them: the length.</summary>
    public static long Mismatches(ReadOnlySpan<float> values) =>
        Vector256.IsHardwareAccelerated
            ? Math.Max(Mismatches<Lanes256, Vector256<float>, Vector256<int>>(values), Mismatches<Lanes256x2, Float256x2, Int256x2>(values))
            : values.Length;

    /// <summary>How many of <paramref name="values"/> the lanes <typeparamref name="L"/> compute differently from <c>MathF.Tanh</c>.</summary>
    public static unsafe long Mismatches<L, TF, TI>(ReadOnlySpan<float> values) where L : IFloatLanes<TF, TI> where TF : struct where TI : struct
    {
        int width = L.Count;
        var lanes = stackalloc float[width];
        long bad = 0;
        for (int i = 0; i < values.Length; i += width)
        {
            int n = Math.Min(width, values.Length - i);
            for (int j = 0; j < width; j++) lanes[j] = values[i + Math.Min(j, n - 1)];
            L.Store(VectorTanh.Tanh<L, TF, TI>(L.Load(lanes)), lanes);
            for (int j = 0; j < n; j++) if (!SameBits(lanes[j], MathF.Tanh(values[i + j]))) bad++;
        }
        return bad;
    }

    /// <summary>Equal bits, or both NaN (payloads aside).</summary>
    public static bool SameBits(float a, float b) =>
        BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b) || (float.IsNaN(a) && float.IsNaN(b));
}
