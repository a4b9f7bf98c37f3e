using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// The float quotient a / b on the FMA ports, bit for bit what the divider (<c>vdivps</c>) gives, so that Adam's
/// per-parameter division leaves the divider to its square root.
/// <para>Method (Markstein's correction): y = RN(1/b) from <c>vrcp14ps</c> (relative error below 2⁻¹⁴) and two
/// Newton–Raphson steps with FMAs (e = 1 − b·y, y ← y + y·e; the first leaves y within about 2⁻²⁸ of 1/b, the second
/// rounds it correctly except for a significand of all ones, Markstein's known exception, which ends one ulp low and
/// goes to the divider: checked against 1/b from the divider for every one of the 2²³ significands of b at several
/// exponents, <c>ExactDivisionTests</c>); then q₀ = RN(a·y), r = a − b·q₀ (one FMA; exact) and q = RN(q₀ + r·y)
/// (one FMA). Markstein's theorem: when y is within half an ulp of 1/b and q₀ within one ulp of a/b, r is exact and
/// q = RN(a/b), provided nothing underflows or overflows (e.g. J.-M. Muller et al., Handbook of Floating-Point
/// Arithmetic, 2nd ed., §5.4). A zero a gives q₀ = ±0 and r = +0, so q takes q₀'s sign (a −0 quotient stays −0).</para>
/// <para>Range: q₀, r and y must be normal floats. With |b| in [2⁻⁶⁰, 2⁴⁰) and a = 0 or |a| in [2⁻⁷⁶, 2⁶⁰): y is in
/// (2⁻⁴⁰, 2⁶⁰], the quotient in (2⁻¹¹⁶, 2¹²⁰), and a nonzero r, a multiple of ulp(b)·ulp(q₀) ≥ 2^(e_a − 47) ≥ 2⁻¹²³,
/// is normal; so the flush-to-zero and denormals-are-zero modes the trainers run under change nothing.
/// <see cref="Divide(Vector512{float}, Vector512{float})"/> tests every lane and sends a vector with any lane outside
/// that range or with a divisor significand of all ones (zeros, infinities and NaNs of b, infinities and NaNs of a, tiny or huge values) through the divider
/// itself, so every input maps exactly as <c>vdivps</c> maps it.</para>
/// </summary>
public static class ExactDivision
{
    /// <summary>Whether the 512-bit path runs on the FMA ports (AVX-512F); otherwise it divides.</summary>
    public static bool Wide => Avx512F.IsSupported;

    /// <summary>Whether the 256-bit path runs on the FMA ports (AVX-512VL's <c>vrcp14ps</c> on 256 bits); otherwise it divides.</summary>
    public static bool Narrow => Avx512F.VL.IsSupported;

    const uint SignMask = 0x8000_0000, AbsMask = 0x7fff_ffff, SignificandMask = 0x007f_ffff;
    const uint SmallestDivisor = 0x2180_0000, DivisorLimit = 0x5380_0000;   // 2⁻⁶⁰, 2⁴⁰ (bit patterns)
    const uint SmallestDividend = 0x1980_0000, DividendLimit = 0x5d80_0000; // 2⁻⁷⁶, 2⁶⁰

    /// <summary>RN(1/b) for |b| in [2⁻⁶⁰, 2⁴⁰) (see the class remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Reciprocal(Vector512<float> b)
    {
        var one = Vector512.Create(1f);
        var y = Avx512F.Reciprocal14(b);
        y = Avx512F.FusedMultiplyAdd(y, Avx512F.FusedMultiplyAddNegated(b, y, one), y);
        return Avx512F.FusedMultiplyAdd(y, Avx512F.FusedMultiplyAddNegated(b, y, one), y);
    }

    /// <summary>RN(a/b) from y = RN(1/b), for a and b in range (see the class remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Quotient(Vector512<float> a, Vector512<float> b, Vector512<float> y)
    {
        var q0 = a * y;
        var q = Avx512F.FusedMultiplyAdd(Avx512F.FusedMultiplyAddNegated(b, q0, a), y, q0);
        return q | (q0 & Vector512.Create(SignMask).AsSingle());
    }

    /// <summary>a / b for every lane, bit for bit the division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b)
    {
        if (!Avx512F.IsSupported || !InRange(a.AsUInt32(), b.AsUInt32())) return a / b;
        return Quotient(a, b, Reciprocal(b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool InRange(Vector512<uint> a, Vector512<uint> b)
    {
        var absA = a & Vector512.Create(AbsMask);
        var badA = Vector512.GreaterThanOrEqual(absA - Vector512.Create(SmallestDividend), Vector512.Create(DividendLimit - SmallestDividend))
                   & ~Vector512.Equals(absA, Vector512<uint>.Zero);
        var badB = Vector512.GreaterThanOrEqual((b & Vector512.Create(AbsMask)) - Vector512.Create(SmallestDivisor), Vector512.Create(DivisorLimit - SmallestDivisor))
                   | Vector512.Equals(b & Vector512.Create(SignificandMask), Vector512.Create(SignificandMask));
        return (badA | badB) == Vector512<uint>.Zero;
    }

    /// <summary>The 256-bit <see cref="Reciprocal(Vector512{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Reciprocal(Vector256<float> b)
    {
        var one = Vector256.Create(1f);
        var y = Avx512F.VL.Reciprocal14(b);
        y = Fma.MultiplyAdd(y, Fma.MultiplyAddNegated(b, y, one), y);
        return Fma.MultiplyAdd(y, Fma.MultiplyAddNegated(b, y, one), y);
    }

    /// <summary>The 256-bit <see cref="Quotient(Vector512{float}, Vector512{float}, Vector512{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Quotient(Vector256<float> a, Vector256<float> b, Vector256<float> y)
    {
        var q0 = a * y;
        var q = Fma.MultiplyAdd(Fma.MultiplyAddNegated(b, q0, a), y, q0);
        return q | (q0 & Vector256.Create(SignMask).AsSingle());
    }

    /// <summary>The 256-bit <see cref="Divide(Vector512{float}, Vector512{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b)
    {
        if (!Avx512F.VL.IsSupported || !InRange(a.AsUInt32(), b.AsUInt32())) return a / b;
        return Quotient(a, b, Reciprocal(b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool InRange(Vector256<uint> a, Vector256<uint> b)
    {
        var absA = a & Vector256.Create(AbsMask);
        var badA = Vector256.GreaterThanOrEqual(absA - Vector256.Create(SmallestDividend), Vector256.Create(DividendLimit - SmallestDividend))
                   & ~Vector256.Equals(absA, Vector256<uint>.Zero);
        var badB = Vector256.GreaterThanOrEqual((b & Vector256.Create(AbsMask)) - Vector256.Create(SmallestDivisor), Vector256.Create(DivisorLimit - SmallestDivisor))
                   | Vector256.Equals(b & Vector256.Create(SignificandMask), Vector256.Create(SignificandMask));
        return (badA | badB) == Vector256<uint>.Zero;
    }
}
