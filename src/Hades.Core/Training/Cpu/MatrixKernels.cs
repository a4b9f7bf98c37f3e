using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// Small single-threaded matrix products for the fused inner loop and rollout forwards, register-blocked: with
/// 512-bit vectors (AVX-512) 4 rows × 64 columns (16 accumulators; 2 or 1 rows × 64 for the rows left over, e.g. a
/// rollout step's few instances per policy) or 8 rows × 16 columns for narrow products,
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init, bool accumulate = false)
    {
        if (Vector512.IsHardwareAccelerated) Multiply512(a, aRow, aCol, b, c, m, k, n, init, accumulate);
        else Multiply256(a, aRow, aCol, b, c, m, k, n, init, accumulate);
    }

    /// <summary>True when the products run on 512-bit vectors on this machine (for the bench's description).</summary>
    public static bool Wide => Vector512.IsHardwareAccelerated;

    const int Panel = 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Strip256(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int width, int ld, float* init, bool accumulate)
    {
        int i = 0;
        for (; i + 4 <= m; i += 4) Rows4(a + i * aRow, aRow, aCol, b, c + i * ld, k, width, ld, init, accumulate);
        if (i + 2 <= m) { Rows2(a + i * aRow, aRow, aCol, b, c + i * ld, k, width, ld, init, accumulate); i += 2; }
        if (i < m) Row1(a + i * aRow, aCol, b, c + i * ld, k, width, ld, init, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Multiply512(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init, bool accumulate)
    {
        int j0 = 0;
        for (; j0 + Panel <= n; j0 += Panel)
        {
            float* panelInit = init == null ? null : init + j0;
            int i = 0;
            for (; i + 4 <= m; i += 4) Block4x64(a + i * aRow, aRow, aCol, b + j0, c + i * n + j0, k, n, panelInit, accumulate);
            if (i + 2 <= m) { Block2x64(a + i * aRow, aRow, aCol, b + j0, c + i * n + j0, k, n, panelInit, accumulate); i += 2; }
            if (i < m) Block1x64(a + i * aRow, aCol, b + j0, c + i * n + j0, k, n, panelInit, accumulate);
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

    /// <summary>dst[n×m] = srcᵀ for src [m×n], in 16 × 16 tiles (both sides stay in cache); full tiles in
    /// registers where AVX-512 is accelerated.</summary>
    public static void Transpose(float* src, float* dst, int m, int n)
    {
        const int Tile = 16;
        for (int i0 = 0; i0 < m; i0 += Tile)
            for (int j0 = 0; j0 < n; j0 += Tile)
            {
                int iEnd = Math.Min(i0 + Tile, m), jEnd = Math.Min(j0 + Tile, n);
                if (Avx512F.IsSupported && iEnd - i0 == Tile && jEnd - j0 == Tile)
                {
                    Transpose16x16(src + i0 * n + j0, n, dst + j0 * m + i0, m);
                    continue;
                }
                for (int i = i0; i < iEnd; i++)
                    for (int j = j0; j < jEnd; j++)
                        dst[j * m + i] = src[i * n + j];
            }
    }

    /// <summary>One 16 × 16 tile: rows of src (stride ls) become columns of dst (stride ld); 64 shuffles.</summary>
    static void Transpose16x16(float* src, int ls, float* dst, int ld)
    {
        var r0 = Avx512F.LoadVector512(src); var r1 = Avx512F.LoadVector512(src + ls);
        var r2 = Avx512F.LoadVector512(src + 2 * ls); var r3 = Avx512F.LoadVector512(src + 3 * ls);
        var r4 = Avx512F.LoadVector512(src + 4 * ls); var r5 = Avx512F.LoadVector512(src + 5 * ls);
        var r6 = Avx512F.LoadVector512(src + 6 * ls); var r7 = Avx512F.LoadVector512(src + 7 * ls);
        var r8 = Avx512F.LoadVector512(src + 8 * ls); var r9 = Avx512F.LoadVector512(src + 9 * ls);
        var ra = Avx512F.LoadVector512(src + 10 * ls); var rb = Avx512F.LoadVector512(src + 11 * ls);
        var rc = Avx512F.LoadVector512(src + 12 * ls); var rd = Avx512F.LoadVector512(src + 13 * ls);
        var re = Avx512F.LoadVector512(src + 14 * ls); var rf = Avx512F.LoadVector512(src + 15 * ls);
        // interleave 32-bit elements of row pairs
        var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);
        var t8 = Avx512F.UnpackLow(r8, r9); var t9 = Avx512F.UnpackHigh(r8, r9);
        var ta = Avx512F.UnpackLow(ra, rb); var tb = Avx512F.UnpackHigh(ra, rb);
        var tc = Avx512F.UnpackLow(rc, rd); var td = Avx512F.UnpackHigh(rc, rd);
        var te = Avx512F.UnpackLow(re, rf); var tf = Avx512F.UnpackHigh(re, rf);
        // interleave 64-bit pairs: each 128-bit lane now holds a 4 × 4 transposed block
        r0 = Avx512F.UnpackLow(t0.AsDouble(), t2.AsDouble()).AsSingle(); r1 = Avx512F.UnpackHigh(t0.AsDouble(), t2.AsDouble()).AsSingle();
        r2 = Avx512F.UnpackLow(t1.AsDouble(), t3.AsDouble()).AsSingle(); r3 = Avx512F.UnpackHigh(t1.AsDouble(), t3.AsDouble()).AsSingle();
        r4 = Avx512F.UnpackLow(t4.AsDouble(), t6.AsDouble()).AsSingle(); r5 = Avx512F.UnpackHigh(t4.AsDouble(), t6.AsDouble()).AsSingle();
        r6 = Avx512F.UnpackLow(t5.AsDouble(), t7.AsDouble()).AsSingle(); r7 = Avx512F.UnpackHigh(t5.AsDouble(), t7.AsDouble()).AsSingle();
        r8 = Avx512F.UnpackLow(t8.AsDouble(), ta.AsDouble()).AsSingle(); r9 = Avx512F.UnpackHigh(t8.AsDouble(), ta.AsDouble()).AsSingle();
        ra = Avx512F.UnpackLow(t9.AsDouble(), tb.AsDouble()).AsSingle(); rb = Avx512F.UnpackHigh(t9.AsDouble(), tb.AsDouble()).AsSingle();
        rc = Avx512F.UnpackLow(tc.AsDouble(), te.AsDouble()).AsSingle(); rd = Avx512F.UnpackHigh(tc.AsDouble(), te.AsDouble()).AsSingle();
        re = Avx512F.UnpackLow(td.AsDouble(), tf.AsDouble()).AsSingle(); rf = Avx512F.UnpackHigh(td.AsDouble(), tf.AsDouble()).AsSingle();
        // move 128-bit lanes
        t0 = Avx512F.Shuffle4x128(r0, r4, 0x88); t1 = Avx512F.Shuffle4x128(r1, r5, 0x88);
        t2 = Avx512F.Shuffle4x128(r2, r6, 0x88); t3 = Avx512F.Shuffle4x128(r3, r7, 0x88);
        t4 = Avx512F.Shuffle4x128(r0, r4, 0xdd); t5 = Avx512F.Shuffle4x128(r1, r5, 0xdd);
        t6 = Avx512F.Shuffle4x128(r2, r6, 0xdd); t7 = Avx512F.Shuffle4x128(r3, r7, 0xdd);
        t8 = Avx512F.Shuffle4x128(r8, rc, 0x88); t9 = Avx512F.Shuffle4x128(r9, rd, 0x88);
        ta = Avx512F.Shuffle4x128(ra, re, 0x88); tb = Avx512F.Shuffle4x128(rb, rf, 0x88);
        tc = Avx512F.Shuffle4x128(r8, rc, 0xdd); td = Avx512F.Shuffle4x128(r9, rd, 0xdd);
        te = Avx512F.Shuffle4x128(ra, re, 0xdd); tf = Avx512F.Shuffle4x128(rb, rf, 0xdd);
        Avx512F.Store(dst, Avx512F.Shuffle4x128(t0, t8, 0x88)); Avx512F.Store(dst + ld, Avx512F.Shuffle4x128(t1, t9, 0x88));
        Avx512F.Store(dst + 2 * ld, Avx512F.Shuffle4x128(t2, ta, 0x88)); Avx512F.Store(dst + 3 * ld, Avx512F.Shuffle4x128(t3, tb, 0x88));
        Avx512F.Store(dst + 4 * ld, Avx512F.Shuffle4x128(t4, tc, 0x88)); Avx512F.Store(dst + 5 * ld, Avx512F.Shuffle4x128(t5, td, 0x88));
        Avx512F.Store(dst + 6 * ld, Avx512F.Shuffle4x128(t6, te, 0x88)); Avx512F.Store(dst + 7 * ld, Avx512F.Shuffle4x128(t7, tf, 0x88));
        Avx512F.Store(dst + 8 * ld, Avx512F.Shuffle4x128(t0, t8, 0xdd)); Avx512F.Store(dst + 9 * ld, Avx512F.Shuffle4x128(t1, t9, 0xdd));
        Avx512F.Store(dst + 10 * ld, Avx512F.Shuffle4x128(t2, ta, 0xdd)); Avx512F.Store(dst + 11 * ld, Avx512F.Shuffle4x128(t3, tb, 0xdd));
        Avx512F.Store(dst + 12 * ld, Avx512F.Shuffle4x128(t4, tc, 0xdd)); Avx512F.Store(dst + 13 * ld, Avx512F.Shuffle4x128(t5, td, 0xdd));
        Avx512F.Store(dst + 14 * ld, Avx512F.Shuffle4x128(t6, te, 0xdd)); Avx512F.Store(dst + 15 * ld, Avx512F.Shuffle4x128(t7, tf, 0xdd));
    }
}
