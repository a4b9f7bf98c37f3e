using System.Runtime.Intrinsics;
using Hades.Core.Policies;
using Hades.Core.Training.Cpu;
using TorchSharp;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary>
/// <see cref="VectorTanh"/> against <see cref="MathF.Tanh"/> (glibc's <c>tanhf</c> here), bit for bit, for both vector
/// widths (and 256-bit lanes two registers at a time): every branch boundary, two whole binades of each sign and a stride through all 2³² bit patterns (a few
/// million values). Every bit pattern is checked by <c>hades bench --suite tanh</c> (minutes).
/// </summary>
public class VectorTanhTests
{
    static unsafe long Mismatches<L, TF, TI>(ReadOnlySpan<float> values) where L : IFloatLanes<TF, TI> where TF : struct where TI : struct
    {
        int width = L.Count;
        var lanes = stackalloc float[width];
        long bad = 0;
        for (int i = 0; i + width <= values.Length; i += width)
        {
            for (int j = 0; j < width; j++) lanes[j] = values[i + j];
            L.Store(VectorTanh.Tanh<L, TF, TI>(L.Load(lanes)), lanes);
            for (int j = 0; j < width; j++) if (!VectorTanhProbe.SameBits(lanes[j], MathF.Tanh(values[i + j]))) bad++;
        }
        return bad;
    }

    static void AssertBothWidthsMatch(float[] values)
    {
        Assert.True(values.Length % 16 == 0);
        if (Vector512.IsHardwareAccelerated) Assert.Equal(0, Mismatches<Lanes512, Vector512<float>, Vector512<int>>(values));
        if (Vector256.IsHardwareAccelerated) Assert.Equal(0, Mismatches<Lanes256, Vector256<float>, Vector256<int>>(values));
        if (Vector256.IsHardwareAccelerated) Assert.Equal(0, Mismatches<Lanes256x2, Float256x2, Int256x2>(values)); // what Apply uses first
    }

    static float[] Padded(IEnumerable<float> values)
    {
        var list = values.ToList();
        while (list.Count % 16 != 0) list.Add(0.5f);
        return list.ToArray();
    }

    [Fact]
    public void Branch_boundaries_and_a_stride_through_every_bit_pattern_equal_MathF_Tanh()
    {
        Assert.True(Vector256.IsHardwareAccelerated, "this machine has no 256-bit vectors: nothing to test");
        var probe = VectorTanhProbe.ProbeValues();
        Assert.True(probe.Length > 270_000);
        AssertBothWidthsMatch(Padded(probe));
        // a prime stride: about 4.2 million patterns, none of them on the probe's grid
        AssertBothWidthsMatch(Padded(Enumerable.Range(0, (int)(((1L << 32) - 1) / 1021)).Select(i => BitConverter.Int32BitsToSingle((int)(uint)(i * 1021L + 7)))));
        Assert.True(VectorTanhProbe.Matches);
    }

    [Theory]
    [InlineData(0x3e800000)] // [0.25, 0.5): expm1's k = 0 and k = −1
    [InlineData(0x3f800000)] // [1, 2): k = 3 … 5
    [InlineData(0x3f000000)] // [0.5, 1): k = −1 … −3
    [InlineData(0x41000000)] // [8, 16): k = 23 … 46
    public void Every_value_of_a_binade_of_each_sign_equals_MathF_Tanh(int firstBits)
    {
        var values = new float[1 << 24];
        for (int i = 0; i < 1 << 23; i++)
        {
            values[2 * i] = BitConverter.Int32BitsToSingle(firstBits + i);
            values[2 * i + 1] = -values[2 * i];
        }
        AssertBothWidthsMatch(values);
    }

    [Fact]
    public void The_probe_sees_every_special_input()
    {
        float[] specials = [0f, -0f, float.Epsilon, -float.Epsilon, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 22f, -22f, 21.999998f, 1f, -1f, float.MaxValue, float.MinValue];
        var probe = VectorTanhProbe.ProbeValues().Select(BitConverter.SingleToInt32Bits).ToHashSet();
        foreach (float v in specials.Where(v => !float.IsNaN(v))) Assert.Contains(BitConverter.SingleToInt32Bits(v), probe);
        Assert.Contains(probe, b => float.IsNaN(BitConverter.Int32BitsToSingle(b)));
        AssertBothWidthsMatch(Padded([.. specials, 1e-20f, -3e-38f, float.NaN * -1]));
    }

    [Fact]
    public unsafe void Apply_equals_MathF_Tanh_on_every_element_including_the_tail()
    {
        var rng = new System.Random(5);
        foreach (int length in new[] { 0, 1, 7, 8, 15, 16, 17, 24, 31, 33, 100 }) // pairs of registers, one register, scalars
        {
            var z = Enumerable.Range(0, length).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray();
            var expected = z.Select(MathF.Tanh).ToArray();
            fixed (float* p = z) VectorTanh.Apply(p, length);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), z.Select(BitConverter.SingleToInt32Bits));
        }
    }

    /// <summary>The rollout forward with tanh equals main's order: the same products, then <c>MathF.Tanh</c> per element.</summary>
    [Fact]
    public unsafe void Tanh_rollout_forward_equals_products_with_scalar_tanh_bit_for_bit()
    {
        var shape = new MlpShape(17, [64, 64], 6, Activation.Tanh);
        const int members = 3, rows = 5;
        using var policies = BatchedMlp.Create(shape, [7UL, 8UL, 9UL], m => m, members, torch.CPU);
        using var x = torch.randn(members, rows, 17, generator: new torch.Generator(3)) * 3;
        var input = x.data<float>().ToArray();
        var fused = new float[members * rows * 6];
        using (var forward = new FusedMlpForward(policies, rows)) forward.Forward(input, fused);

        var layers = shape.Layers().ToArray();
        var weights = policies.Weights.Select(w => w.data<float>().ToArray()).ToArray();
        var biases = policies.Biases.Select(b => b.data<float>().ToArray()).ToArray();
        var expected = new float[fused.Length];
        for (int m = 0; m < members; m++)
        {
            var h = input.AsSpan(m * rows * 17, rows * 17).ToArray();
            for (int l = 0; l < layers.Length; l++)
            {
                var (fanIn, fanOut) = (layers[l].In, layers[l].Out);
                var next = new float[rows * fanOut];
                fixed (float* ph = h, pw = &weights[l][m * fanIn * fanOut], pb = &biases[l][m * fanOut], pn = next)
                    MatrixKernels.Multiply(ph, fanIn, 1, pw, pn, rows, fanIn, fanOut, pb);
                if (l < layers.Length - 1) for (int i = 0; i < next.Length; i++) next[i] = MathF.Tanh(next[i]);
                h = next;
            }
            h.CopyTo(expected, m * rows * 6);
        }
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), fused.Select(BitConverter.SingleToInt32Bits));
        Assert.True(expected.Distinct().Count() > expected.Length / 2, "the forward's outputs are not all alike");
    }
}
