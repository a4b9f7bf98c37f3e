using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary>Every loop order and register block that `hades bench --suite products` times gives exactly
/// <see cref="MatrixKernels.Multiply"/>'s result (one FMA chain per element, k in increasing order).</summary>
public class ProductCandidatesTests
{
    static float[] Random(int count, int seed) { var rng = new System.Random(seed); return Enumerable.Range(0, count).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray(); }

    [Theory]
    [InlineData(16, 400, 512, false)] // the Breakout forward products
    [InlineData(16, 512, 128, false)]
    [InlineData(32, 16, 512, true)]   // a weight gradient's shape: A read transposed
    public unsafe void Candidates_equal_Multiply_bit_for_bit(int m, int k, int n, bool aTransposed)
    {
        if (!MatrixKernels.Candidates.Fits(m, n)) return; // no 512-bit vectors here: the candidates are not defined
        float[] a = Random(m * k, 1), b = Random(k * n, 2), init = Random(n, 3), packedB = new float[k * n], packedA = new float[m * k], packed16 = new float[m * k];
        int aRow = aTransposed ? 1 : k, aCol = aTransposed ? m : 1;
        var expected = new float[m * n];
        var results = new List<(string Name, float[] C)>();
        fixed (float* fa = a, fb = b, fi = init, fpb = packedB, fpa = packedA, f16 = packed16, pe = expected)
        {
            float* pa = fa, pb = fb, pi = fi, ppb = fpb, ppa = fpa, p16 = f16; // plain copies: lambdas cannot use fixed locals
            MatrixKernels.Multiply(pa, aRow, aCol, pb, pe, m, k, n, pi);
            MatrixKernels.Candidates.Pack(pb, ppb, k, n);
            MatrixKernels.Candidates.PackA8(pa, aRow, aCol, ppa, m, k);
            MatrixKernels.Candidates.PackA16(pa, aRow, aCol, p16, m, k);
            foreach (var (name, run) in new (string, Action<IntPtr>)[]
            {
                ("packed", c => MatrixKernels.Candidates.Packed(pa, aRow, aCol, ppb, (float*)c, m, k, n, pi)),
                ("k-blocked 64", c => MatrixKernels.Candidates.KBlocked(pa, aRow, aCol, pb, (float*)c, m, k, n, pi, 64)),
                ("k-blocked 7", c => MatrixKernels.Candidates.KBlocked(pa, aRow, aCol, pb, (float*)c, m, k, n, pi, 7)),
                ("prefetch", c => MatrixKernels.Candidates.PrefetchNextPanel(pa, aRow, aCol, pb, (float*)c, m, k, n, pi)),
                ("8x32", c => MatrixKernels.Candidates.Rows8x32(pa, aRow, aCol, pb, (float*)c, m, k, n, pi)),
                ("8x32 packed A", c => MatrixKernels.Candidates.Rows8x32PackedA(ppa, pb, (float*)c, m, k, n, pi)),
                ("16x16", c => MatrixKernels.Candidates.Rows16x16(pa, aRow, aCol, pb, (float*)c, m, k, n, pi)),
                ("16x16 packed A", c => MatrixKernels.Candidates.Rows16x16PackedA(p16, pb, (float*)c, m, k, n, pi)),
            })
            {
                var c = new float[m * n];
                Array.Fill(c, float.NaN);
                fixed (float* pc = c) run((IntPtr)pc);
                results.Add((name, c));
            }
        }
        Assert.Contains(expected, x => x != 0f);
        foreach (var (name, c) in results) Assert.True(expected.AsSpan().SequenceEqual(c), name);
    }
}
