using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>The 512-bit blocks of <see cref="MatrixKernels"/>: 4 rows × 64 columns (16 accumulators: per k, 4 loads
/// of B and 4 broadcasts of A feed 16 FMAs) and 8 rows × 16 columns for narrow products (an input gradient
/// dhᵀ = W·dzᵀ has as many columns as the dataset has pairs).</summary>
public static unsafe partial class MatrixKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block4x64(float* a, int aRow, int aCol, float* b, float* c, int k, int ld, float* init, bool accumulate)
    {
        float* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
        float* c0 = c, c1 = c + ld, c2 = c + 2 * ld, c3 = c + 3 * ld;
        Vector512<float> s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
        if (accumulate)
        {
            s00 = Vector512.Load(c0); s01 = Vector512.Load(c0 + 16); s02 = Vector512.Load(c0 + 32); s03 = Vector512.Load(c0 + 48);
            s10 = Vector512.Load(c1); s11 = Vector512.Load(c1 + 16); s12 = Vector512.Load(c1 + 32); s13 = Vector512.Load(c1 + 48);
            s20 = Vector512.Load(c2); s21 = Vector512.Load(c2 + 16); s22 = Vector512.Load(c2 + 32); s23 = Vector512.Load(c2 + 48);
            s30 = Vector512.Load(c3); s31 = Vector512.Load(c3 + 16); s32 = Vector512.Load(c3 + 32); s33 = Vector512.Load(c3 + 48);
        }
        else if (init == null)
        {
            s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = Vector512<float>.Zero;
        }
        else
        {
            s00 = s10 = s20 = s30 = Vector512.Load(init);
            s01 = s11 = s21 = s31 = Vector512.Load(init + 16);
            s02 = s12 = s22 = s32 = Vector512.Load(init + 32);
            s03 = s13 = s23 = s33 = Vector512.Load(init + 48);
        }
        float* bp = b;
        for (int p = 0, o = 0; p < k; p++, bp += ld, o += aCol)
        {
            var b0 = Vector512.Load(bp); var b1 = Vector512.Load(bp + 16);
            var b2 = Vector512.Load(bp + 32); var b3 = Vector512.Load(bp + 48);
            var x = Vector512.Create(a0[o]);
            s00 = Vector512.FusedMultiplyAdd(x, b0, s00); s01 = Vector512.FusedMultiplyAdd(x, b1, s01);
            s02 = Vector512.FusedMultiplyAdd(x, b2, s02); s03 = Vector512.FusedMultiplyAdd(x, b3, s03);
            x = Vector512.Create(a1[o]);
            s10 = Vector512.FusedMultiplyAdd(x, b0, s10); s11 = Vector512.FusedMultiplyAdd(x, b1, s11);
            s12 = Vector512.FusedMultiplyAdd(x, b2, s12); s13 = Vector512.FusedMultiplyAdd(x, b3, s13);
            x = Vector512.Create(a2[o]);
            s20 = Vector512.FusedMultiplyAdd(x, b0, s20); s21 = Vector512.FusedMultiplyAdd(x, b1, s21);
            s22 = Vector512.FusedMultiplyAdd(x, b2, s22); s23 = Vector512.FusedMultiplyAdd(x, b3, s23);
            x = Vector512.Create(a3[o]);
            s30 = Vector512.FusedMultiplyAdd(x, b0, s30); s31 = Vector512.FusedMultiplyAdd(x, b1, s31);
            s32 = Vector512.FusedMultiplyAdd(x, b2, s32); s33 = Vector512.FusedMultiplyAdd(x, b3, s33);
        }
        s00.Store(c0); s01.Store(c0 + 16); s02.Store(c0 + 32); s03.Store(c0 + 48);
        s10.Store(c1); s11.Store(c1 + 16); s12.Store(c1 + 32); s13.Store(c1 + 48);
        s20.Store(c2); s21.Store(c2 + 16); s22.Store(c2 + 32); s23.Store(c2 + 48);
        s30.Store(c3); s31.Store(c3 + 16); s32.Store(c3 + 32); s33.Store(c3 + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block8x16(float* a, int aRow, int aCol, float* b, float* c, int k, int ld, float* init, bool accumulate)
    {
        float* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow, a4 = a + 4 * aRow, a5 = a + 5 * aRow, a6 = a + 6 * aRow, a7 = a + 7 * aRow;
        Vector512<float> s0, s1, s2, s3, s4, s5, s6, s7;
        if (accumulate)
        {
            s0 = Vector512.Load(c); s1 = Vector512.Load(c + ld); s2 = Vector512.Load(c + 2 * ld); s3 = Vector512.Load(c + 3 * ld);
            s4 = Vector512.Load(c + 4 * ld); s5 = Vector512.Load(c + 5 * ld); s6 = Vector512.Load(c + 6 * ld); s7 = Vector512.Load(c + 7 * ld);
        }
        else s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = init == null ? Vector512<float>.Zero : Vector512.Load(init);
        float* bp = b;
        for (int p = 0, o = 0; p < k; p++, bp += ld, o += aCol)
        {
            var bv = Vector512.Load(bp);
            s0 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[o]), bv, s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[o]), bv, s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Create(a2[o]), bv, s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Create(a3[o]), bv, s3);
            s4 = Vector512.FusedMultiplyAdd(Vector512.Create(a4[o]), bv, s4);
            s5 = Vector512.FusedMultiplyAdd(Vector512.Create(a5[o]), bv, s5);
            s6 = Vector512.FusedMultiplyAdd(Vector512.Create(a6[o]), bv, s6);
            s7 = Vector512.FusedMultiplyAdd(Vector512.Create(a7[o]), bv, s7);
        }
        s0.Store(c); s1.Store(c + ld); s2.Store(c + 2 * ld); s3.Store(c + 3 * ld);
        s4.Store(c + 4 * ld); s5.Store(c + 5 * ld); s6.Store(c + 6 * ld); s7.Store(c + 7 * ld);
    }

    /// <summary>2 rows × 64 columns (8 accumulators): the rows left over below a multiple of 4, e.g. a rollout
    /// step's 2 instances of one policy, where 16-column blocks would wait on the FMA latency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block2x64(float* a, int aRow, int aCol, float* b, float* c, int k, int ld, float* init, bool accumulate)
    {
        float* a0 = a, a1 = a + aRow, c0 = c, c1 = c + ld;
        Vector512<float> s00, s01, s02, s03, s10, s11, s12, s13;
        if (accumulate)
        {
            s00 = Vector512.Load(c0); s01 = Vector512.Load(c0 + 16); s02 = Vector512.Load(c0 + 32); s03 = Vector512.Load(c0 + 48);
            s10 = Vector512.Load(c1); s11 = Vector512.Load(c1 + 16); s12 = Vector512.Load(c1 + 32); s13 = Vector512.Load(c1 + 48);
        }
        else if (init == null) s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = Vector512<float>.Zero;
        else
        {
            s00 = s10 = Vector512.Load(init); s01 = s11 = Vector512.Load(init + 16);
            s02 = s12 = Vector512.Load(init + 32); s03 = s13 = Vector512.Load(init + 48);
        }
        float* bp = b;
        for (int p = 0, o = 0; p < k; p++, bp += ld, o += aCol)
        {
            var b0 = Vector512.Load(bp); var b1 = Vector512.Load(bp + 16);
            var b2 = Vector512.Load(bp + 32); var b3 = Vector512.Load(bp + 48);
            var x = Vector512.Create(a0[o]);
            s00 = Vector512.FusedMultiplyAdd(x, b0, s00); s01 = Vector512.FusedMultiplyAdd(x, b1, s01);
            s02 = Vector512.FusedMultiplyAdd(x, b2, s02); s03 = Vector512.FusedMultiplyAdd(x, b3, s03);
            x = Vector512.Create(a1[o]);
            s10 = Vector512.FusedMultiplyAdd(x, b0, s10); s11 = Vector512.FusedMultiplyAdd(x, b1, s11);
            s12 = Vector512.FusedMultiplyAdd(x, b2, s12); s13 = Vector512.FusedMultiplyAdd(x, b3, s13);
        }
        s00.Store(c0); s01.Store(c0 + 16); s02.Store(c0 + 32); s03.Store(c0 + 48);
        s10.Store(c1); s11.Store(c1 + 16); s12.Store(c1 + 32); s13.Store(c1 + 48);
    }

    /// <summary>1 row × 64 columns (4 accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block1x64(float* a, int aCol, float* b, float* c, int k, int ld, float* init, bool accumulate)
    {
        Vector512<float> s0, s1, s2, s3;
        if (accumulate) { s0 = Vector512.Load(c); s1 = Vector512.Load(c + 16); s2 = Vector512.Load(c + 32); s3 = Vector512.Load(c + 48); }
        else if (init == null) s0 = s1 = s2 = s3 = Vector512<float>.Zero;
        else { s0 = Vector512.Load(init); s1 = Vector512.Load(init + 16); s2 = Vector512.Load(init + 32); s3 = Vector512.Load(init + 48); }
        float* bp = b;
        for (int p = 0, o = 0; p < k; p++, bp += ld, o += aCol)
        {
            var x = Vector512.Create(a[o]);
            s0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp), s0); s1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 16), s1);
            s2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 32), s2); s3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 48), s3);
        }
        s0.Store(c); s1.Store(c + 16); s2.Store(c + 32); s3.Store(c + 48);
    }
}
