using System.Runtime.Intrinsics;
using Hades.Core.Torch;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary><see cref="ExactDivision"/> against the divider (<c>vdivps</c>, C#'s <c>/</c> on vectors), bit for bit:
/// the reciprocal for every significand, special and boundary values of both operands with and without flushing
/// subnormals, quotients next to rounding midpoints, and many random pairs over the whole range and at Adam's
/// magnitudes (more of them in the slow suite).</summary>
public class ExactDivisionTests
{
    static uint Bits(float f) => BitConverter.SingleToUInt32Bits(f);
    static float Float(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    /// <summary>Lanes of (a, b) whose quotient differs from the division's, over both widths.</summary>
    static long Mismatches(float[] a, float[] b, List<string>? report = null)
    {
        long bad = 0;
        for (int i = 0; i + 16 <= a.Length; i += 16)
        {
            var va = Vector512.Create(a, i); var vb = Vector512.Create(b, i);
            var expected = va / vb;
            var wide = ExactDivision.Divide(va, vb);
            var narrowLow = ExactDivision.Divide(va.GetLower(), vb.GetLower());
            var narrowHigh = ExactDivision.Divide(va.GetUpper(), vb.GetUpper());
            var narrow = Vector512.Create(narrowLow, narrowHigh);
            if (Vector512.EqualsAll(wide.AsUInt32(), expected.AsUInt32()) && Vector512.EqualsAll(narrow.AsUInt32(), expected.AsUInt32())) continue;
            for (int lane = 0; lane < 16; lane++)
                if (Bits(wide.GetElement(lane)) != Bits(expected.GetElement(lane)) || Bits(narrow.GetElement(lane)) != Bits(expected.GetElement(lane)))
                {
                    bad++;
                    if (report is { Count: < 10 })
                        report.Add($"{a[i + lane]:R} / {b[i + lane]:R}: division {Bits(expected.GetElement(lane)):x8}, 512 {Bits(wide.GetElement(lane)):x8}, 256 {Bits(narrow.GetElement(lane)):x8}");
                }
        }
        return bad;
    }

    static void AssertSame(float[] a, float[] b)
    {
        var report = new List<string>();
        long bad = Mismatches(a, b, report);
        Assert.True(bad == 0, $"{bad} quotients differ from the division: " + string.Join("; ", report));
    }

    [Fact]
    public void The_reciprocal_is_rounded_correctly_for_every_significand()
    {
        if (!ExactDivision.Wide) return; // the divider itself runs: nothing else to check
        using var flush = new FlushDenormals();
        var one = Vector512.Create(1f);
        foreach (int exponent in new[] { -60, -27, -1, 0, 1, 26, 39 })
        {
            long bad = 0;
            for (uint significand = 0; significand < 1u << 23; significand += 16)
            {
                var b = Vector512.Create(((uint)(exponent + 127) << 23) | significand) + Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
                var negative = b | Vector512.Create(0x8000_0000u);
                // Markstein's exception: a significand of all ones (1.11…1) ends one ulp low; Divide sends it to the divider
                var exception = Vector512.Equals(b & Vector512.Create(0x007f_ffffu), Vector512.Create(0x007f_ffffu));
                foreach (var lanes in new[] { b.AsSingle(), negative.AsSingle() })
                {
                    var y = Vector512.ConditionalSelect(exception, Vector512<uint>.Zero, ExactDivision.Reciprocal(lanes).AsUInt32());
                    if (!Vector512.EqualsAll(y, Vector512.ConditionalSelect(exception, Vector512<uint>.Zero, (one / lanes).AsUInt32()))) bad++;
                    if (significand + 16 < 1u << 23 && ExactDivision.Narrow
                        && !Vector256.EqualsAll(ExactDivision.Reciprocal(lanes.GetLower()).AsUInt32(), (one.GetLower() / lanes.GetLower()).AsUInt32())) bad++;
                }
            }
            Assert.True(bad == 0, $"exponent {exponent}: {bad} vectors of reciprocals are not 1/b rounded");
        }
    }

    /// <summary>Zeros, infinities, NaNs, the extreme normals and subnormals, the range limits of the fast path and the
    /// floats next to them, all of either sign.</summary>
    static float[] Specials()
    {
        var values = new List<float> { 0f, float.PositiveInfinity, float.NaN, float.MaxValue, float.Epsilon, Float(0x0080_0000), Float(0x007f_ffff),
            1f, 1.5f, Float(0x3fff_ffff), 3f, 1e-5f, 0.01f };
        foreach (uint limit in new uint[] { 0x1980_0000, 0x2180_0000, 0x5380_0000, 0x5d80_0000 }) // 2⁻⁷⁶, 2⁻⁶⁰, 2⁴⁰, 2⁶⁰
            values.AddRange([Float(limit - 1), Float(limit), Float(limit + 1)]);
        values.Add(Float(0x7fc1_2345)); // a NaN with a payload
        return values.Concat(values.Select(v => -v)).ToArray();
    }

    [Fact]
    public void Special_and_boundary_operands_divide_as_the_divider_does_with_and_without_flushing()
    {
        var s = Specials();
        var a = new List<float>(); var b = new List<float>();
        foreach (float x in s) foreach (float y in s) { a.Add(x); b.Add(y); }
        // quotients that round to subnormals, to the smallest normal and that overflow
        foreach (float y in new[] { 1.5f, 3f, 7f, 1e10f, 1.1e12f })
            foreach (float x in new[] { Float(0x0100_0000), Float(0x0180_0001), 1e-30f, 3e-28f, float.MaxValue, 1e30f })
            { a.Add(x); b.Add(y); a.Add(x); b.Add(1 / y); }
        while (a.Count % 16 != 0) { a.Add(1f); b.Add(1f); }
        AssertSame(a.ToArray(), b.ToArray());
        using var flush = new FlushDenormals();
        AssertSame(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Quotients_next_to_a_rounding_midpoint_round_as_the_division_does()
    {
        using var flush = new FlushDenormals();
        var rng = new System.Random(6);
        const int n = 1 << 18;
        float[] a = new float[n], b = new float[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = Float((uint)rng.Next(0x3300_0000, 0x4c00_0000)); // 2⁻²⁵ … 2²⁵
            double midpoint = ((1 << 24) + 2 * rng.Next(1 << 23) + 1) * Math.Pow(2, rng.Next(-40, 40) - 24);
            a[i] = (float)(midpoint * b[i]);
        }
        AssertSame(a, b);
    }

    /// <summary>Random (a, b) lanes from a vector hash of the lane's index: bit patterns with exponents in
    /// [aLow, aHigh) and [bLow, bHigh), random signs for a.</summary>
    static long RandomMismatches(long count, uint seed, int aLow, int aHigh, int bLow, int bHigh)
    {
        var index = Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) + Vector512.Create(seed * 0x9e37_79b9u);
        long bad = 0;
        for (long i = 0; i < count; i += 16, index += Vector512.Create(16u))
        {
            var ha = Hash(index); var hb = Hash(ha ^ Vector512.Create(0x5bd1_e995u));
            var a = Compose(ha, aLow, aHigh) | (Hash(hb) & Vector512.Create(0x8000_0000u));
            var b = Compose(hb, bLow, bHigh);
            var expected = a.AsSingle() / b.AsSingle();
            if (!Vector512.EqualsAll(ExactDivision.Divide(a.AsSingle(), b.AsSingle()).AsUInt32(), expected.AsUInt32())) bad++;
            if (!Vector256.EqualsAll(ExactDivision.Divide(a.AsSingle().GetLower(), b.AsSingle().GetLower()).AsUInt32(), expected.GetLower().AsUInt32())) bad++;
        }
        return bad;
    }

    static Vector512<uint> Hash(Vector512<uint> x)
    {
        x ^= Vector512.ShiftRightLogical(x, 16); x *= Vector512.Create(0x7feb_352du);
        x ^= Vector512.ShiftRightLogical(x, 15); x *= Vector512.Create(0x846c_a68bu);
        return x ^ Vector512.ShiftRightLogical(x, 16);
    }

    /// <summary>A float with a random significand and an exponent in [low, high).</summary>
    static Vector512<uint> Compose(Vector512<uint> h, int low, int high)
    {
        var exponent = Vector512.Create((uint)(low + 127)) + Vector512.ShiftRightLogical(Vector512.ShiftRightLogical(h, 23) * Vector512.Create((uint)(high - low)), 9);
        return Vector512.ShiftLeft(exponent, 23) | (h & Vector512.Create(0x007f_ffffu));
    }

    [Fact]
    public void Random_quotients_equal_the_division()
    {
        using var flush = new FlushDenormals();
        Assert.Equal(0, RandomMismatches(1L << 25, 1, -100, 100, -80, 80));  // the whole range: fast path and divider
        Assert.Equal(0, RandomMismatches(1L << 25, 2, -40, 0, -17, 1));     // Adam: lr·m over ε + √v̂
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Many_random_quotients_equal_the_division()
    {
        using var flush = new FlushDenormals();
        Assert.Equal(0, RandomMismatches(1L << 29, 3, -126, 128, -126, 128));
        Assert.Equal(0, RandomMismatches(1L << 29, 4, -50, 10, -20, 5));
    }
}
