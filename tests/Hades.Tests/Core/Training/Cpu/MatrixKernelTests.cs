using System.Runtime.Intrinsics;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary>The kernels against plain scalar loops in the same summation order: equality is exact, bit for bit.</summary>
public class MatrixKernelTests
{
    static float[] Random(int count, int seed) { var rng = new System.Random(seed); return Enumerable.Range(0, count).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray(); }

    /// <summary>C = init + A·B with every element one FMA chain over p = 0 … k−1.</summary>
    static float[] Chains(float[] a, int aRow, int aCol, float[] b, float[]? init, float[]? start, int m, int k, int n)
    {
        var c = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = start is not null ? start[i * n + j] : init is null ? 0f : init[j];
                for (int p = 0; p < k; p++) s = MathF.FusedMultiplyAdd(a[i * aRow + p * aCol], b[p * n + j], s);
                c[i * n + j] = s;
            }
        return c;
    }

    [Theory]
    [InlineData(16, 400, 512)]  // 4 × 64 blocks (forward of a 512-wide layer)
    [InlineData(512, 64, 16)]   // 8 × 16 blocks (an input gradient W·dzᵀ with 16 pairs)
    [InlineData(7, 5, 150)]     // row remainders, two 64-column panels, a 16-column strip, 8-column and scalar rest
    [InlineData(13, 9, 27)]
    [InlineData(4, 16, 2)]      // two output columns: masked-vector chains only
    [InlineData(2, 256, 6)]     // a rollout step's output layer: 2 instances, 6 actions
    [InlineData(3, 17, 1)]      // one column: a pair of rows and a single one
    [InlineData(6, 11, 29)]     // a 4-row block and a pair over a 16-column strip, 8 columns and 5 masked ones
    public unsafe void Products_equal_fma_chains_in_order_for_both_vector_widths(int m, int k, int n)
    {
        float[] a = Random(m * k, 1), aT = new float[k * m], b = Random(k * n, 2), init = Random(n, 3), start = Random(m * n, 4);
        for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) aT[p * m + i] = a[i * k + p];
        var plain = Chains(a, k, 1, b, init, null, m, k, n);
        var accumulated = Chains(a, k, 1, b, null, start, m, k, n);
        Assert.NotEqual(plain, Chains(a, k, 1, b, null, null, m, k, n)); // the bias row is really added
        const float Sentinel = 12345f;
        var buffer = new float[m * n + 16]; // C, then values that no (masked) store may touch
        float[] C() { Assert.All(buffer[(m * n)..], v => Assert.Equal(Sentinel, v)); return buffer[..(m * n)]; }
        Array.Fill(buffer, Sentinel);
        fixed (float* pa = a, paT = aT, pb = b, pinit = init, pc = buffer)
        {
            foreach (bool wide in Vector512.IsHardwareAccelerated ? new[] { false, true } : [false])
            {
                Run(wide, pa, k, 1, pb, pc, m, k, n, pinit, false);
                Assert.Equal(plain, C());
                Array.Fill(buffer, float.NaN, 0, m * n);
                Run(wide, paT, 1, m, pb, pc, m, k, n, pinit, false); // A read as the transpose of aT
                Assert.Equal(plain, C());
                start.CopyTo(buffer, 0);
                Run(wide, pa, k, 1, pb, pc, m, k, n, null, true);
                Assert.Equal(accumulated, C());
            }
        }
    }

    static unsafe void Run(bool wide, float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init, bool accumulate)
    {
        if (wide) MatrixKernels.Multiply512(a, aRow, aCol, b, c, m, k, n, init, accumulate);
        else MatrixKernels.Multiply256(a, aRow, aCol, b, c, m, k, n, init, accumulate);
    }

    [Fact]
    public unsafe void Transpose_swaps_rows_and_columns()
    {
        int m = 19, n = 35;
        float[] src = Random(m * n, 5), dst = new float[n * m];
        fixed (float* ps = src, pd = dst) MatrixKernels.Transpose(ps, pd, m, n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) Assert.Equal(src[i * n + j], dst[j * m + i]);
    }

    [Fact]
    public unsafe void Adam_in_any_pieces_equals_the_scalar_formula()
    {
        const int n = 77;
        float[] g = Random(n, 6), theta0 = Random(n, 7);
        var step = AdamKernel.Step.Of(3, 0.02f, 1e-5f);
        float[] m0 = Random(n, 8).Select(x => x * 0.1f).ToArray(), v0 = Random(n, 9).Select(x => x * x).ToArray();
        // the plain formula, element by element
        float[] te = (float[])theta0.Clone(), me = (float[])m0.Clone(), ve = (float[])v0.Clone();
        for (int i = 0; i < n; i++)
        {
            me[i] = me[i] * AdamKernel.Beta1 + g[i] * (1 - AdamKernel.Beta1);
            ve[i] = ve[i] * AdamKernel.Beta2 + g[i] * g[i] * (1 - AdamKernel.Beta2);
            te[i] -= step.StepSize * me[i] / (MathF.Sqrt(ve[i]) / step.RootCorrection2 + step.Epsilon);
        }
        Assert.NotEqual(theta0, te);
        foreach (int piece in new[] { n, 16, 9, 1 })
        {
            float[] t = (float[])theta0.Clone(), mm = (float[])m0.Clone(), vv = (float[])v0.Clone();
            fixed (float* pt = t, pg = g, pm = mm, pv = vv)
                for (int i0 = 0; i0 < n; i0 += piece)
                    AdamKernel.Update(pt + i0, pg + i0, pm + i0, pv + i0, Math.Min(piece, n - i0), step);
            Assert.Equal(te, t);
            Assert.Equal(me, mm);
            Assert.Equal(ve, vv);
        }
    }
}
