using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hades.Core.Training.Cpu;

/// <summary>The 256-bit blocks of <see cref="MatrixKernels"/>: 4 rows × 16 columns, 8-column and masked-vector
/// remainders (scalar without AVX), and pairs and single rows. Used for the whole product where 512-bit vectors are not accelerated, and for the last
/// columns (fewer than 16) of a product where they are.</summary>
public static unsafe partial class MatrixKernels
{
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
        if (j < n && Avx.IsSupported)
        {
            // the last 1-7 columns as masked vectors: each lane is the same fused chain over k as a scalar one
            var mask = TailMask(n - j);
            Vector256<float> s0, s1, s2, s3;
            if (accumulate) { s0 = Avx.MaskLoad(c0 + j, mask); s1 = Avx.MaskLoad(c1 + j, mask); s2 = Avx.MaskLoad(c2 + j, mask); s3 = Avx.MaskLoad(c3 + j, mask); }
            else s0 = s1 = s2 = s3 = init == null ? Vector256<float>.Zero : Avx.MaskLoad(init + j, mask);
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += ld)
            {
                var b0 = Avx.MaskLoad(bp, mask);
                int o = p * aCol;
                s0 = Vector256.FusedMultiplyAdd(Vector256.Create(a0[o]), b0, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Create(a1[o]), b0, s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.Create(a2[o]), b0, s2);
                s3 = Vector256.FusedMultiplyAdd(Vector256.Create(a3[o]), b0, s3);
            }
            Avx.MaskStore(c0 + j, mask, s0); Avx.MaskStore(c1 + j, mask, s1); Avx.MaskStore(c2 + j, mask, s2); Avx.MaskStore(c3 + j, mask, s3);
            return;
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

    /// <summary>The first <paramref name="count"/> (1-7) lanes set: masked loads read them (and never touch memory
    /// past them), masked stores write only them.</summary>
    static Vector256<float> TailMask(int count) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count)).AsSingle();

    /// <summary>Two rows at once: their chains are independent, so a narrow product (a rollout step's output layer
    /// for 2 instances) waits on FMA latency once instead of twice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Rows2(float* a, int aRow, int aCol, float* b, float* c, int k, int n, int ld, float* init, bool accumulate)
    {
        int j = 0;
        float* a0 = a, a1 = a + aRow, c0 = c, c1 = c + ld;
        for (; j + 16 <= n; j += 16)
        {
            Vector256<float> s00, s01, s10, s11;
            if (accumulate) { s00 = Vector256.Load(c0 + j); s01 = Vector256.Load(c0 + j + 8); s10 = Vector256.Load(c1 + j); s11 = Vector256.Load(c1 + j + 8); }
            else
            {
                s00 = s10 = init == null ? Vector256<float>.Zero : Vector256.Load(init + j);
                s01 = s11 = init == null ? Vector256<float>.Zero : Vector256.Load(init + j + 8);
            }
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += ld)
            {
                var b0 = Vector256.Load(bp); var b1 = Vector256.Load(bp + 8);
                int o = p * aCol;
                var x = Vector256.Create(a0[o]);
                s00 = Vector256.FusedMultiplyAdd(x, b0, s00); s01 = Vector256.FusedMultiplyAdd(x, b1, s01);
                x = Vector256.Create(a1[o]);
                s10 = Vector256.FusedMultiplyAdd(x, b0, s10); s11 = Vector256.FusedMultiplyAdd(x, b1, s11);
            }
            s00.Store(c0 + j); s01.Store(c0 + j + 8); s10.Store(c1 + j); s11.Store(c1 + j + 8);
        }
        for (; j + 8 <= n; j += 8)
        {
            Vector256<float> s0, s1;
            if (accumulate) { s0 = Vector256.Load(c0 + j); s1 = Vector256.Load(c1 + j); }
            else s0 = s1 = init == null ? Vector256<float>.Zero : Vector256.Load(init + j);
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += ld)
            {
                var b0 = Vector256.Load(bp);
                int o = p * aCol;
                s0 = Vector256.FusedMultiplyAdd(Vector256.Create(a0[o]), b0, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Create(a1[o]), b0, s1);
            }
            s0.Store(c0 + j); s1.Store(c1 + j);
        }
        if (j == n) return;
        if (!Avx.IsSupported)
        {
            Row1(a0, aCol, b, c0, k, n, ld, init, accumulate, j);
            Row1(a1, aCol, b, c1, k, n, ld, init, accumulate, j);
            return;
        }
        var mask = TailMask(n - j);
        Vector256<float> t0, t1;
        if (accumulate) { t0 = Avx.MaskLoad(c0 + j, mask); t1 = Avx.MaskLoad(c1 + j, mask); }
        else t0 = t1 = init == null ? Vector256<float>.Zero : Avx.MaskLoad(init + j, mask);
        float* tp = b + j;
        for (int p = 0; p < k; p++, tp += ld)
        {
            var b0 = Avx.MaskLoad(tp, mask);
            int o = p * aCol;
            t0 = Vector256.FusedMultiplyAdd(Vector256.Create(a0[o]), b0, t0);
            t1 = Vector256.FusedMultiplyAdd(Vector256.Create(a1[o]), b0, t1);
        }
        Avx.MaskStore(c0 + j, mask, t0); Avx.MaskStore(c1 + j, mask, t1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Row1(float* a, int aCol, float* b, float* c, int k, int n, int ld, float* init, bool accumulate, int from = 0)
    {
        int j = from;
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
        if (j < n && Avx.IsSupported)
        {
            var mask = TailMask(n - j);
            var s0 = accumulate ? Avx.MaskLoad(c + j, mask) : init == null ? Vector256<float>.Zero : Avx.MaskLoad(init + j, mask);
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += ld)
                s0 = Vector256.FusedMultiplyAdd(Vector256.Create(a[p * aCol]), Avx.MaskLoad(bp, mask), s0);
            Avx.MaskStore(c + j, mask, s0);
            return;
        }
        for (; j < n; j++)
        {
            float s = accumulate ? c[j] : init == null ? 0f : init[j];
            for (int p = 0; p < k; p++) s = MathF.FusedMultiplyAdd(a[p * aCol], b[p * ld + j], s);
            c[j] = s;
        }
    }
}
