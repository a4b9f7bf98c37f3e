using System.Runtime.Intrinsics;
using Hades.Core.Torch;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary><see cref="AdamKernel.ExactQuotient(Vector512{float}, Vector512{double})"/>: √v/√(1−β₂ᵗ) as a double
/// product must be the float division bit for bit, for Adam's divisors and for any divisor in (0, 1].</summary>
public class AdamKernelTests
{
    /// <summary>Dividends: random bit patterns of positive normal floats, edges (0, the smallest and largest normals,
    /// significands of all ones, ∞) and values just around the quotient's rounding edges.</summary>
    static float[] Dividends(int count, int seed)
    {
        var rng = new System.Random(seed);
        var values = new List<float> { 0f, -0f, float.Epsilon * (1 << 23), float.MaxValue, BitConverter.Int32BitsToSingle(0x3fffffff), 1f, float.PositiveInfinity };
        while (values.Count < count)
        {
            int bits = rng.Next(0x00800000, 0x7f800000); // positive normal floats
            values.Add(BitConverter.Int32BitsToSingle(bits));
        }
        while (values.Count % 16 != 0) values.Add(1f);
        return values.ToArray();
    }

    static void AssertQuotients(float[] a, float b)
    {
        var inverse512 = Vector512.Create(1.0 / b);
        var inverse256 = Vector256.Create(1.0 / b);
        for (int i = 0; i < a.Length; i += 16)
        {
            var wide = AdamKernel.ExactQuotient(Vector512.Create(a, i), inverse512);
            var low = AdamKernel.ExactQuotient(Vector256.Create(a, i), inverse256);
            for (int lane = 0; lane < 16; lane++)
            {
                int expected = BitConverter.SingleToInt32Bits(a[i + lane] / b);
                if (BitConverter.SingleToInt32Bits(wide.GetElement(lane)) != expected || (lane < 8 && BitConverter.SingleToInt32Bits(low.GetElement(lane)) != expected))
                    Assert.Fail($"{a[i + lane]:R} / {b:R}: division {a[i + lane] / b:R}, product {wide.GetElement(lane):R}");
            }
        }
    }

    [Fact]
    public void The_double_product_equals_the_division_for_every_step_root()
    {
        using var flush = new FlushDenormals(); // as the trainer runs
        var a = Dividends(1 << 14, 1);
        for (int step = 1; step <= 500; step++) AssertQuotients(a, AdamKernel.Step.Of(step, 0.01f, 1e-5f).RootCorrection2);
    }

    [Fact]
    public void The_double_product_equals_the_division_for_random_divisors_up_to_one()
    {
        using var flush = new FlushDenormals();
        var rng = new System.Random(2);
        var a = Dividends(1 << 12, 3);
        for (int k = 0; k < 2000; k++)
        {
            float b = BitConverter.Int32BitsToSingle(rng.Next(0x30000000, 0x3f800001)); // [~4.7e-10, 1]
            AssertQuotients(a, b);
        }
        AssertQuotients(a, BitConverter.Int32BitsToSingle(0x3f7fffff)); // all-ones significand
    }

    [Fact]
    public void Near_midpoint_quotients_round_as_the_division_does()
    {
        // dividends b·m for midpoints m (25 significant bits), rounded to float: the quotients closest to a midpoint
        using var flush = new FlushDenormals();
        var rng = new System.Random(4);
        for (int k = 0; k < 200; k++)
        {
            float b = AdamKernel.Step.Of(1 + k, 0.01f, 1e-5f).RootCorrection2;
            var a = new float[4096];
            for (int i = 0; i < a.Length; i++)
            {
                double midpoint = (double)((1 << 24) + 2 * rng.Next(1 << 23) + 1) * Math.Pow(2, rng.Next(-100, 60) - 24);
                a[i] = (float)(midpoint * b);
            }
            AssertQuotients(a, b);
        }
    }
}

