using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// tanh over float lanes that gives <see cref="MathF.Tanh"/>'s bits on this platform: .NET calls the C library's
/// <c>tanhf</c>, which in glibc 2.36 on x86_64 (Debian 12) is Sun's fdlibm algorithm in single precision (glibc's
/// <c>sysdeps/ieee754/flt-32/s_tanhf.c</c> calling <c>s_expm1f.c</c>, compiled with plain SSE operations: no FMA
/// contraction and no multiarch variant for either function; checked by disassembling <c>libm.so.6</c>). This is our
/// own lane-wise implementation of that algorithm (fdlibm's licence permits its use; no code is copied): every branch
/// is computed in every lane and the lane's branch selected, every operation is the same single IEEE operation in the
/// same order as the C code, so each lane rounds exactly as the scalar function does.
/// <para>tanh(x), for a = |x|: ±0 → x; a &lt; 2⁻⁵⁵ → x·(1 + x); a &lt; 1 → z = −t/(t + 2) with t = expm1(−2a);
/// 1 ≤ a &lt; 22 → z = 1 − 2/(t + 2) with t = expm1(2a); a ≥ 22 → 1 (fdlibm's 1 − 10⁻³⁰); then the sign of x;
/// ±∞ and NaN → 1/x ± 1. expm1(u) is needed only for −2 &lt; u &lt; 0 and 2 ≤ u &lt; 44, so its overflow and
/// "−1" branches (|u| ≥ 27·ln 2 with u &lt; 0, u ≥ 88.7) are never taken and left out. expm1 reduces
/// u = k·ln2 + r (k = 0 for |u| ≤ ln2/2, ±1 below 1.5·ln2, else trunc(u/ln2 ± 1/2)) with ln2 split in hi + lo and a
/// correction c, evaluates fdlibm's rational approximation on r, and reconstructs per k (0, −1, k ≤ −2 or k &gt; 56, 2..22,
/// 23..56) by adding k to the exponent field; k = 1 needs 0.35 &lt; u &lt; 1.04, which tanh never passes, so that branch
/// is left out too.</para>
/// Whether this matches the platform's <c>MathF.Tanh</c> is checked once per process by <see cref="VectorTanhProbe"/>
/// (callers use <see cref="Apply"/>, which falls back to <c>MathF.Tanh</c> otherwise); <c>hades bench --suite tanh</c>
/// checks every one of the 2³² float bit patterns.
/// </summary>
public static unsafe class VectorTanh
{
    static readonly float Ln2Hi = BitConverter.Int32BitsToSingle(0x3f317180);
    static readonly float Ln2Lo = BitConverter.Int32BitsToSingle(0x3717f7d1);
    static readonly float InvLn2 = BitConverter.Int32BitsToSingle(0x3fb8aa3b);
    static readonly float Q1 = BitConverter.Int32BitsToSingle(unchecked((int)0xbd088889));
    static readonly float Q2 = BitConverter.Int32BitsToSingle(0x3ad00d01);
    static readonly float Q3 = BitConverter.Int32BitsToSingle(unchecked((int)0xb8a670cd));
    static readonly float Q4 = BitConverter.Int32BitsToSingle(0x36867e54);
    static readonly float Q5 = BitConverter.Int32BitsToSingle(unchecked((int)0xb457edbb));

    /// <summary>z[i] = tanh(z[i]) for i &lt; count, bit for bit <see cref="MathF.Tanh"/>: on vector lanes where
    /// <see cref="VectorTanhProbe"/> found them equal on this machine (256-bit lanes), else with <c>MathF.Tanh</c> itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // optimised from the first call: the lanes inlined, no tier-0 calls per operation
    public static void Apply(float* z, int count)
    {
        int i = 0;
        // 256-bit lanes even where 512-bit ones exist: on this project's AVX-512 Xeon they take 3.2 ns per value
        // against 4.1 ns (more ports for 256-bit operations, cheaper divisions; hades bench --suite tanh)
        if (Vector256.IsHardwareAccelerated && VectorTanhProbe.Matches)
        {
            // two registers at a time: their two long dependency chains interleaved, so the core overlaps them
            for (; i + 16 <= count; i += 16) Lanes256x2.Store(Tanh<Lanes256x2, Float256x2, Int256x2>(Lanes256x2.Load(z + i)), z + i);
            for (; i + 8 <= count; i += 8) Lanes256.Store(Tanh<Lanes256, Vector256<float>, Vector256<int>>(Lanes256.Load(z + i)), z + i);
        }
        for (; i < count; i++) z[i] = MathF.Tanh(z[i]);
    }

    /// <summary>The lane-wise algorithm, without asking the probe (the probe's and the exhaustive check's entry).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Tanh<L, TF, TI>(TF x) where L : IFloatLanes<TF, TI> where TF : struct where TI : struct
    {
        TI bits = L.Bits(x);
        TI sign = L.And(bits, L.Splat(unchecked((int)0x80000000)));
        TI ix = L.And(bits, L.Splat(0x7fffffff));
        TF a = L.FromBits(ix);
        TF one = L.Splat(1f), two = L.Splat(2f);

        // t = expm1(u) with u = 2a (a ≥ 1) or −2a (a < 1); |u| = 2a either way
        TI atLeastOne = L.GreaterThan(ix, L.Splat(0x3f7fffff));
        TF twoA = L.Add(a, a);
        TF u = L.Select(atLeastOne, twoA, L.Multiply(a, L.Splat(-2f)));
        TF t = Expm1<L, TF, TI>(u, L.Bits(twoA));

        // one division for both forms: 1 − 2/(t + 2) (a ≥ 1) and −t/(t + 2) (a < 1)
        TF q = L.Divide(L.Select(atLeastOne, two, L.FromBits(L.Xor(L.Bits(t), L.Splat(unchecked((int)0x80000000))))), L.Add(t, two));
        TF z = L.Select(atLeastOne, L.Subtract(one, q), q);
        TF result = L.FromBits(L.Xor(L.Bits(z), sign));

        // the cases decided before expm1, in the C code's order of precedence (last select wins)
        result = L.Select(L.GreaterThan(ix, L.Splat(0x23ffffff)), result, L.Multiply(x, L.Add(one, x))); // |x| < 2^-55
        result = L.Select(L.Equals(ix, L.Splat(0)), x, result);
        // |x| ≥ 22: ±(1 − 10⁻³⁰) = ±1; ±∞ too (1/x ± 1 = ±1); NaN: 1/x ± 1 is x quieted, as x + x is
        result = L.Select(L.GreaterThan(ix, L.Splat(0x41afffff)), L.FromBits(L.Or(L.Bits(one), sign)), result);
        return L.Select(L.GreaterThan(ix, L.Splat(0x7f800000)), L.Add(x, x), result);
    }

    /// <summary>fdlibm's expm1f for −2 &lt; u &lt; 0 and 2 ≤ u &lt; 44 (<paramref name="hx"/>: the bits of |u|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TF Expm1<L, TF, TI>(TF u, TI hx) where L : IFloatLanes<TF, TI> where TF : struct where TI : struct
    {
        TF one = L.Splat(1f), half = L.Splat(0.5f);
        TI negative = L.GreaterThan(L.Splat(0), L.Bits(u));
        TI zero = L.Splat(0), k1 = L.Splat(1), kMinus1 = L.Splat(-1);

        // argument reduction: u = k·ln2 + x − c; k = 0 leaves x = u and c = 0 exactly (t = 0)
        TI reduce = L.GreaterThan(hx, L.Splat(0x3eb17218));
        TI near = L.GreaterThan(L.Splat(0x3f851592), hx);
        TI kFar = L.Truncate(L.Add(L.Multiply(L.Splat(InvLn2), u), L.Select(negative, L.Splat(-0.5f), half)));
        TI k = L.Select(reduce, L.Select(near, L.Select(negative, kMinus1, k1), kFar), zero);
        TF kf = L.ToFloat(k);
        TF hi = L.Subtract(u, L.Multiply(kf, L.Splat(Ln2Hi)));
        TF lo = L.Multiply(kf, L.Splat(Ln2Lo));
        TF x = L.Subtract(hi, lo);
        TF c = L.Subtract(L.Subtract(hi, x), lo);

        // rational approximation on the reduced argument
        TF hfx = L.Multiply(half, x);
        TF hxs = L.Multiply(x, hfx);
        TF r1 = L.Add(L.Splat(Q4), L.Multiply(hxs, L.Splat(Q5)));
        r1 = L.Add(L.Splat(Q3), L.Multiply(hxs, r1));
        r1 = L.Add(L.Splat(Q2), L.Multiply(hxs, r1));
        r1 = L.Add(L.Splat(Q1), L.Multiply(hxs, r1));
        r1 = L.Add(one, L.Multiply(hxs, r1));
        TF t = L.Subtract(L.Splat(3f), L.Multiply(r1, hfx));
        TF e = L.Multiply(hxs, L.Divide(L.Subtract(r1, t), L.Subtract(L.Splat(6f), L.Multiply(x, t))));

        // reconstruction, per k
        TF whenZero = L.Subtract(x, L.Subtract(L.Multiply(x, e), hxs));
        TF e2 = L.Subtract(L.Subtract(L.Multiply(x, L.Subtract(e, c)), c), hxs);
        TF whenMinus1 = L.Subtract(L.Multiply(half, L.Subtract(x, e2)), half);
        TI exponentK = L.ShiftLeft(k, 23);
        TF d = L.Subtract(e2, x);
        TF twoToMinusK = L.FromBits(L.ShiftLeft(L.Subtract(L.Splat(0x7f), k), 23));
        TF outer = L.Subtract(L.FromBits(L.Add(L.Bits(L.Subtract(one, d)), exponentK)), one);               // k ≤ −2 or k > 56
        TF small = L.FromBits(L.Add(L.Bits(L.Subtract(L.Subtract(one, twoToMinusK), d)), exponentK));       // 2 ≤ k ≤ 22: 1 − 2^−k is exact
        TF large = L.FromBits(L.Add(L.Bits(L.Add(L.Subtract(x, L.Add(e2, twoToMinusK)), one)), exponentK)); // 23 ≤ k ≤ 56

        TF result = L.Select(L.GreaterThan(k, L.Splat(22)), large, small);
        result = L.Select(L.Or(L.GreaterThan(L.Splat(-1), k), L.GreaterThan(k, L.Splat(56))), outer, result);
        result = L.Select(L.Equals(k, kMinus1), whenMinus1, result);
        result = L.Select(L.Equals(k, zero), whenZero, result);
        return L.Select(L.GreaterThan(L.Splat(0x33000000), hx), u, result); // |u| < 2^-25: u itself
    }
}
