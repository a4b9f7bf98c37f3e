using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// Small single-threaded matrix products for the fused inner loop, register-blocked over 4 rows × 16 columns with
/// 256-bit vectors. Every element of C is one fused multiply-add chain over k in increasing order, starting from its
/// initial value, whatever block it falls in (full block, remainder row, remainder column): a row's result does not
/// depend on which other rows are computed with it, so results are the same for any batch composition and any
/// machine with exact FMA (<see cref="Vector256.FusedMultiplyAdd"/> and <see cref="MathF.FusedMultiplyAdd"/>).
/// Row-major throughout; A is read through strides so that Aᵀ needs no copy.
/// </summary>
public static unsafe class MatrixKernels
{
    /// <summary>C[m×n] = init + A·B, where A[i,p] = a[i·aRow + p·aCol], B is [k×n] row-major and
    /// <paramref name="init"/> is a row of n values added to every row (null: zeros) or, with
    /// <paramref name="accumulate"/>, C's own contents.</summary>
    public static void Multiply(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init, bool accumulate = false)
    {
        // column panels outermost: a panel of B (k × Panel) is read from memory once and from cache for every row block
        for (int j0 = 0; j0 < n; j0 += Panel)
        {
            int width = Math.Min(Panel, n - j0);
            float* panelInit = init == null ? null : init + j0;
            int i = 0;
            for (; i + 4 <= m; i += 4) Rows4(a + i * aRow, aRow, aCol, b + j0, c + i * n + j0, k, width, n, panelInit, accumulate);
            for (; i < m; i++) Row1(a + i * aRow, aCol, b + j0, c + i * n + j0, k, width, n, panelInit, accumulate);
        }
    }

    const int Panel = 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Rows4(float* a, int aRow, int aCol, float* b, float* c, int k, int n, int ld, float* init, bool accumulate)
    {
        int j = 0;
        float* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
        float* c0 = c, c1 = c + ld, c2 = c + 2 * ld, c3 = c + 3 * ld;
        for (; j + 16 <= n; j += 16)
        {
            Vector256<float> s00, s01, s10, s11, s20, s21, s30, s31;
            if (accumulate)
            {
                s00 = Vector256.Load(c0 + j); s01 = Vector256.Load(c0 + j + 8);
                s10 = Vector256.Load(c1 + j); s11 = Vector256.Load(c1 + j + 8);
                s20 = Vector256.Load(c2 + j); s21 = Vector256.Load(c2 + j + 8);
                s30 = Vector256.Load(c3 + j); s31 = Vector256.Load(c3 + j + 8);
            }
            else
            {
                var i0 = init == null ? Vector256<float>.Zero : Vector256.Load(init + j);
                var i1 = init == null ? Vector256<float>.Zero : Vector256.Load(init + j + 8);
                s00 = s10 = s20 = s30 = i0;
                s01 = s11 = s21 = s31 = i1;
            }
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += ld)
            {
                var b0 = Vector256.Load(bp);
                var b1 = Vector256.Load(bp + 8);
                int o = p * aCol;
                var x = Vector256.Create(a0[o]);
                s00 = Vector256.FusedMultiplyAdd(x, b0, s00); s01 = Vector256.FusedMultiplyAdd(x, b1, s01);
                x = Vector256.Create(a1[o]);
                s10 = Vector256.FusedMultiplyAdd(x, b0, s10); s11 = Vector256.FusedMultiplyAdd(x, b1, s11);
                x = Vector256.Create(a2[o]);
                s20 = Vector256.FusedMultiplyAdd(x, b0, s20); s21 = Vector256.FusedMultiplyAdd(x, b1, s21);
                x = Vector256.Create(a3[o]);
                s30 = Vector256.FusedMultiplyAdd(x, b0, s30); s31 = Vector256.FusedMultiplyAdd(x, b1, s31);
            }
            s00.Store(c0 + j); s01.Store(c0 + j + 8);
            s10.Store(c1 + j); s11.Store(c1 + j + 8);
            s20.Store(c2 + j); s21.Store(c2 + j + 8);
            s30.Store(c3 + j); s31.Store(c3 + j + 8);
        }
        for (; j + 8 <= n; j += 8)
        {
            Vector256<float> s0, s1, s2, s3;
            if (accumulate) { s0 = Vector256.Load(c0 + j); s1 = Vector256.Load(c1 + j); s2 = Vector256.Load(c2 + j); s3 = Vector256.Load(c3 + j); }
            else s0 = s1 = s2 = s3 = init == null ? Vector256<float>.Zero : Vector256.Load(init + j);
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += ld)
            {
                var b0 = Vector256.Load(bp);
                int o = p * aCol;
                s0 = Vector256.FusedMultiplyAdd(Vector256.Create(a0[o]), b0, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Create(a1[o]), b0, s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.Create(a2[o]), b0, s2);
                s3 = Vector256.FusedMultiplyAdd(Vector256.Create(a3[o]), b0, s3);
            }
            s0.Store(c0 + j); s1.Store(c1 + j); s2.Store(c2 + j); s3.Store(c3 + j);
        }
        for (; j < n; j++)
        {
            float s0, s1, s2, s3;
            if (accumulate) { s0 = c0[j]; s1 = c1[j]; s2 = c2[j]; s3 = c3[j]; }
            else s0 = s1 = s2 = s3 = init == null ? 0f : init[j];
            for (int p = 0; p < k; p++)
            {
                float bv = b[p * ld + j];
                int o = p * aCol;
                s0 = MathF.FusedMultiplyAdd(a0[o], bv, s0);
                s1 = MathF.FusedMultiplyAdd(a1[o], bv, s1);
                s2 = MathF.FusedMultiplyAdd(a2[o], bv, s2);
                s3 = MathF.FusedMultiplyAdd(a3[o], bv, s3);
            }
            c0[j] = s0; c1[j] = s1; c2[j] = s2; c3[j] = s3;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Row1(float* a, int aCol, float* b, float* c, int k, int n, int ld, float* init, bool accumulate)
    {
        int j = 0;
        for (; j + 16 <= n; j += 16)
        {
            Vector256<float> s0, s1;
            if (accumulate) { s0 = Vector256.Load(c + j); s1 = Vector256.Load(c + j + 8); }
            else
            {
                s0 = init == null ? Vector256<float>.Zero : Vector256.Load(init + j);
                s1 = init == null ? Vector256<float>.Zero : Vector256.Load(init + j + 8);
            }
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += ld)
            {
                var x = Vector256.Create(a[p * aCol]);
                s0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp), s0);
                s1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 8), s1);
            }
            s0.Store(c + j); s1.Store(c + j + 8);
        }
        for (; j + 8 <= n; j += 8)
        {
            var s0 = accumulate ? Vector256.Load(c + j) : init == null ? Vector256<float>.Zero : Vector256.Load(init + j);
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += ld)
                s0 = Vector256.FusedMultiplyAdd(Vector256.Create(a[p * aCol]), Vector256.Load(bp), s0);
            s0.Store(c + j);
        }
        for (; j < n; j++)
        {
            float s = accumulate ? c[j] : init == null ? 0f : init[j];
            for (int p = 0; p < k; p++) s = MathF.FusedMultiplyAdd(a[p * aCol], b[p * ld + j], s);
            c[j] = s;
        }
    }

    /// <summary>dst[n×m] = srcᵀ for src [m×n], in 16 × 16 tiles (both sides stay in cache).</summary>
    public static void Transpose(float* src, float* dst, int m, int n)
    {
        const int Tile = 16;
        for (int i0 = 0; i0 < m; i0 += Tile)
            for (int j0 = 0; j0 < n; j0 += Tile)
            {
                int iEnd = Math.Min(i0 + Tile, m), jEnd = Math.Min(j0 + Tile, n);
                for (int i = i0; i < iEnd; i++)
                    for (int j = j0; j < jEnd; j++)
                        dst[j * m + i] = src[i * n + j];
            }
    }
}
