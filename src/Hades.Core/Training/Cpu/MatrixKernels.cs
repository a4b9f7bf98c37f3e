using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// Small single-threaded matrix products for the fused inner loop and rollout forwards, register-blocked: with
/// 512-bit vectors (AVX-512) 4 rows × 64 columns (16 accumulators) or 8 rows × 16 columns for narrow products,
/// otherwise 4 rows × 16 columns of 256-bit vectors (<c>MatrixKernels256.cs</c>). Every element of C is one fused
/// multiply-add chain over k in increasing order, starting from its initial value, whatever block or vector width
/// it falls in (full block, remainder row, remainder column): a row's result does not depend on which other rows
/// are computed with it, nor on the machine's vector width, so results are the same for any batch composition and
/// any machine with exact FMA (<see cref="Vector512.FusedMultiplyAdd"/>, <see cref="Vector256.FusedMultiplyAdd"/>
/// and <see cref="MathF.FusedMultiplyAdd"/> round once). Row-major throughout; A is read through strides so that Aᵀ
/// needs no copy.
/// </summary>
public static unsafe partial class MatrixKernels
{
    /// <summary>C[m×n] = init + A·B, where A[i,p] = a[i·aRow + p·aCol], B is [k×n] row-major and
    /// <paramref name="init"/> is a row of n values added to every row (null: zeros) or, with
    /// <paramref name="accumulate"/>, C's own contents.</summary>
    public static void Multiply(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init, bool accumulate = false)
    {
        if (Vector512.IsHardwareAccelerated) Multiply512(a, aRow, aCol, b, c, m, k, n, init, accumulate);
        else Multiply256(a, aRow, aCol, b, c, m, k, n, init, accumulate);
    }

    /// <summary>True when the products run on 512-bit vectors on this machine (for the bench's description).</summary>
    public static bool Wide => Vector512.IsHardwareAccelerated;

    const int Panel = 64;

    internal static void Multiply256(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init, bool accumulate)
    {
        // column panels outermost: a panel of B (k × Panel) is read from memory once and from cache for every row block
        for (int j0 = 0; j0 < n; j0 += Panel)
        {
            int width = Math.Min(Panel, n - j0);
            Strip256(a, aRow, aCol, b + j0, c + j0, m, k, width, n, init == null ? null : init + j0, accumulate);
        }
    }

    /// <summary>Columns [0, width) of C (leading dimension ld) with the 256-bit blocks.</summary>
    static void Strip256(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int width, int ld, float* init, bool accumulate)
    {
        int i = 0;
        for (; i + 4 <= m; i += 4) Rows4(a + i * aRow, aRow, aCol, b, c + i * ld, k, width, ld, init, accumulate);
        for (; i < m; i++) Row1(a + i * aRow, aCol, b, c + i * ld, k, width, ld, init, accumulate);
    }

    internal static void Multiply512(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init, bool accumulate)
    {
        int j0 = 0;
        for (; j0 + Panel <= n; j0 += Panel)
        {
            float* panelInit = init == null ? null : init + j0;
            int i = 0;
            for (; i + 4 <= m; i += 4) Block4x64(a + i * aRow, aRow, aCol, b + j0, c + i * n + j0, k, n, panelInit, accumulate);
            for (; i < m; i++) Row1(a + i * aRow, aCol, b + j0, c + i * n + j0, k, Panel, n, panelInit, accumulate);
        }
        // the last (< 64) columns: 8 rows × 16 columns, then the 256-bit code for what is left
        for (; j0 + 16 <= n; j0 += 16)
        {
            float* stripInit = init == null ? null : init + j0;
            int i = 0;
            for (; i + 8 <= m; i += 8) Block8x16(a + i * aRow, aRow, aCol, b + j0, c + i * n + j0, k, n, stripInit, accumulate);
            if (i < m) Strip256(a + i * aRow, aRow, aCol, b + j0, c + i * n + j0, m - i, k, 16, n, stripInit, accumulate);
        }
        if (j0 < n) Strip256(a, aRow, aCol, b + j0, c + j0, m, k, n - j0, n, init == null ? null : init + j0, accumulate);
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
