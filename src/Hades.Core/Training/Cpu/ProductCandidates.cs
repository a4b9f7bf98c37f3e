using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hades.Core.Training.Cpu;

public static unsafe partial class MatrixKernels
{
    /// <summary>
    /// Other loop orders and register blocks for <see cref="Multiply512"/>'s full 64-column panels, for
    /// `hades bench --suite products` (issue 18, sixth pass). Each keeps every element of C one FMA chain over k in
    /// increasing order from its initial value, so each equals <see cref="Multiply"/> bit for bit (the bench and
    /// <c>ProductCandidatesTests</c> check it). Only m a multiple of the block's rows and n a multiple of 64 are handled:
    /// the member step's square products.
    /// </summary>
    public static class Candidates
    {
        /// <summary>True when (m, n) fit every candidate.</summary>
        public static bool Fits(int m, int n) => Vector512.IsHardwareAccelerated && m % 16 == 0 && n % 64 == 0;

        /// <summary>B [k×n] row-major → panel-major: panel j (columns 64j … 64j+63) is k × 64 contiguous.</summary>
        public static void Pack(float* b, float* packed, int k, int n)
        {
            for (int j0 = 0; j0 < n; j0 += Panel)
                for (int p = 0; p < k; p++)
                    new ReadOnlySpan<float>(b + p * n + j0, Panel).CopyTo(new Span<float>(packed + j0 * k + p * Panel, Panel));
        }

        /// <summary>(i) 4 × 64 blocks reading a panel-major B (<see cref="Pack"/>): each panel's rows are 256 B apart.</summary>
        public static void Packed(float* a, int aRow, int aCol, float* packed, float* c, int m, int k, int n, float* init)
        {
            for (int j0 = 0; j0 < n; j0 += Panel)
                for (int i = 0; i < m; i += 4)
                    Block4x64(a + i * aRow, aRow, aCol, packed + j0 * k, Panel, c + i * n + j0, n, k, init == null ? null : init + j0, false);
        }

        /// <summary>(ii) the current order with k cut into chunks of <paramref name="kc"/>: a chunk of the panel
        /// (kc × 256 B) stays in L1 across the row blocks; later chunks continue each chain from C.</summary>
        public static void KBlocked(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init, int kc)
        {
            for (int j0 = 0; j0 < n; j0 += Panel)
                for (int p0 = 0; p0 < k; p0 += kc)
                {
                    int chunk = Math.Min(kc, k - p0);
                    for (int i = 0; i < m; i += 4)
                        Block4x64(a + i * aRow + p0 * aCol, aRow, aCol, b + p0 * n + j0, n, c + i * n + j0, n, chunk,
                            init == null ? null : init + j0, p0 > 0);
                }
        }

        /// <summary>(iii) 8 rows × 32 columns (16 accumulators; per k 2 loads of B, 8 broadcasts): B read m/8 times.</summary>
        public static void Rows8x32(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init)
        {
            for (int j0 = 0; j0 < n; j0 += 32)
                for (int i = 0; i < m; i += 8)
                    Block8x32(a + i * aRow, aRow, aCol, b + j0, n, c + i * n + j0, n, k, init == null ? null : init + j0);
        }

        /// <summary>(iii) 16 rows × 16 columns (16 accumulators; per k 1 load of B, 16 broadcasts): B read m/16 times.</summary>
        public static void Rows16x16(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init)
        {
            for (int j0 = 0; j0 < n; j0 += 16)
                for (int i = 0; i < m; i += 16)
                    Block16x16(a + i * aRow, aRow, aCol, b + j0, n, c + i * n + j0, n, k, init == null ? null : init + j0);
        }

        /// <summary>(iii) 8 rows × 32 columns over a packed A: Aᵀ's 8-row slivers contiguous (k × 8), so a block's 8
        /// broadcasts come from one 32-byte line per k.</summary>
        public static void PackA8(float* a, int aRow, int aCol, float* packedA, int m, int k)
        {
            for (int i0 = 0; i0 < m; i0 += 8)
                for (int p = 0; p < k; p++)
                    for (int i = 0; i < 8; i++) packedA[i0 * k + p * 8 + i] = a[(i0 + i) * aRow + p * aCol];
        }

        /// <summary>A's 16-row slivers packed (k × 16 contiguous, rows [i0, i0+16) of A at step p are packedA[i0·k + 16p …]).</summary>
        public static void PackA16(float* a, int aRow, int aCol, float* packedA, int m, int k)
        {
            for (int i0 = 0; i0 < m; i0 += 16)
                for (int p = 0; p < k; p++)
                    for (int i = 0; i < 16; i++) packedA[i0 * k + p * 16 + i] = a[(i0 + i) * aRow + p * aCol];
        }

        /// <summary>(iii) 16 × 16 blocks over A packed by <see cref="PackA16"/>: per k one load of B and 16 FMAs whose
        /// broadcasts come from one 64-byte line at constant offsets.</summary>
        public static void Rows16x16PackedA(float* packedA, float* b, float* c, int m, int k, int n, float* init)
        {
            for (int j0 = 0; j0 < n; j0 += 16)
                for (int i = 0; i < m; i += 16)
                    Block16x16Packed(packedA + i * k, b + j0, n, c + i * n + j0, n, k, init == null ? null : init + j0);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        static void Block16x16Packed(float* ap, float* b, int ldb, float* c, int ldc, int k, float* init)
        {
            Vector512<float> s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, sa, sb, sc, sd, se, sf;
            s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = s8 = s9 = sa = sb = sc = sd = se = sf = init == null ? Vector512<float>.Zero : Vector512.Load(init);
            float* bp = b;
            for (int p = 0; p < k; p++, bp += ldb, ap += 16)
            {
                var bv = Vector512.Load(bp);
                s0 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[0]), bv, s0); s1 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[1]), bv, s1);
                s2 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[2]), bv, s2); s3 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[3]), bv, s3);
                s4 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[4]), bv, s4); s5 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[5]), bv, s5);
                s6 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[6]), bv, s6); s7 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[7]), bv, s7);
                s8 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[8]), bv, s8); s9 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[9]), bv, s9);
                sa = Vector512.FusedMultiplyAdd(Vector512.Create(ap[10]), bv, sa); sb = Vector512.FusedMultiplyAdd(Vector512.Create(ap[11]), bv, sb);
                sc = Vector512.FusedMultiplyAdd(Vector512.Create(ap[12]), bv, sc); sd = Vector512.FusedMultiplyAdd(Vector512.Create(ap[13]), bv, sd);
                se = Vector512.FusedMultiplyAdd(Vector512.Create(ap[14]), bv, se); sf = Vector512.FusedMultiplyAdd(Vector512.Create(ap[15]), bv, sf);
            }
            s0.Store(c); s1.Store(c + ldc); s2.Store(c + 2 * ldc); s3.Store(c + 3 * ldc);
            s4.Store(c + 4 * ldc); s5.Store(c + 5 * ldc); s6.Store(c + 6 * ldc); s7.Store(c + 7 * ldc);
            s8.Store(c + 8 * ldc); s9.Store(c + 9 * ldc); sa.Store(c + 10 * ldc); sb.Store(c + 11 * ldc);
            sc.Store(c + 12 * ldc); sd.Store(c + 13 * ldc); se.Store(c + 14 * ldc); sf.Store(c + 15 * ldc);
        }

        public static void Rows8x32PackedA(float* packedA, float* b, float* c, int m, int k, int n, float* init)
        {
            for (int j0 = 0; j0 < n; j0 += 32)
                for (int i = 0; i < m; i += 8)
                    Block8x32(packedA + i * k, 1, 8, b + j0, n, c + i * n + j0, n, k, init == null ? null : init + j0);
        }

        /// <summary>(iv) the current order, but the first row block of each panel also prefetches the next panel into L2
        /// (<c>prefetcht1</c>, its 4 lines of row p at step p), so that later panels of a cold B arrive ahead of use.</summary>
        public static void PrefetchNextPanel(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init)
        {
            for (int j0 = 0; j0 < n; j0 += Panel)
                for (int i = 0; i < m; i += 4)
                {
                    float* next = i == 0 && j0 + Panel < n ? b + j0 + Panel : null;
                    Block4x64Prefetch(a + i * aRow, aRow, aCol, b + j0, n, c + i * n + j0, n, k, init == null ? null : init + j0, next);
                }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        static void Block4x64Prefetch(float* a, int aRow, int aCol, float* b, int ldb, float* c, int ldc, int k, float* init, float* next)
        {
            if (next == null) { Block4x64(a, aRow, aCol, b, ldb, c, ldc, k, init, false); return; }
            float* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
            float* c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc;
            Vector512<float> s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
            if (init == null)
                s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = Vector512<float>.Zero;
            else
            {
                s00 = s10 = s20 = s30 = Vector512.Load(init); s01 = s11 = s21 = s31 = Vector512.Load(init + 16);
                s02 = s12 = s22 = s32 = Vector512.Load(init + 32); s03 = s13 = s23 = s33 = Vector512.Load(init + 48);
            }
            float* bp = b, np = next;
            for (int p = 0, o = 0; p < k; p++, bp += ldb, np += ldb, o += aCol)
            {
                Sse.Prefetch1(np); Sse.Prefetch1(np + 16); Sse.Prefetch1(np + 32); Sse.Prefetch1(np + 48);
                var b0 = Vector512.Load(bp); var b1 = Vector512.Load(bp + 16); var b2 = Vector512.Load(bp + 32); var b3 = Vector512.Load(bp + 48);
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
        static void Block4x64(float* a, int aRow, int aCol, float* b, int ldb, float* c, int ldc, int k, float* init, bool accumulate)
        {
            float* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
            float* c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc;
            Vector512<float> s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
            if (accumulate)
            {
                s00 = Vector512.Load(c0); s01 = Vector512.Load(c0 + 16); s02 = Vector512.Load(c0 + 32); s03 = Vector512.Load(c0 + 48);
                s10 = Vector512.Load(c1); s11 = Vector512.Load(c1 + 16); s12 = Vector512.Load(c1 + 32); s13 = Vector512.Load(c1 + 48);
                s20 = Vector512.Load(c2); s21 = Vector512.Load(c2 + 16); s22 = Vector512.Load(c2 + 32); s23 = Vector512.Load(c2 + 48);
                s30 = Vector512.Load(c3); s31 = Vector512.Load(c3 + 16); s32 = Vector512.Load(c3 + 32); s33 = Vector512.Load(c3 + 48);
            }
            else if (init == null)
                s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = Vector512<float>.Zero;
            else
            {
                s00 = s10 = s20 = s30 = Vector512.Load(init); s01 = s11 = s21 = s31 = Vector512.Load(init + 16);
                s02 = s12 = s22 = s32 = Vector512.Load(init + 32); s03 = s13 = s23 = s33 = Vector512.Load(init + 48);
            }
            float* bp = b;
            for (int p = 0, o = 0; p < k; p++, bp += ldb, o += aCol)
            {
                var b0 = Vector512.Load(bp); var b1 = Vector512.Load(bp + 16); var b2 = Vector512.Load(bp + 32); var b3 = Vector512.Load(bp + 48);
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
        static void Block8x32(float* a, int aRow, int aCol, float* b, int ldb, float* c, int ldc, int k, float* init)
        {
            // one pointer per row (as Block4x64), so the loop has no index arithmetic per broadcast
            float* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow, a4 = a + 4 * aRow, a5 = a + 5 * aRow, a6 = a + 6 * aRow, a7 = a + 7 * aRow;
            Vector512<float> s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51, s60, s61, s70, s71;
            if (init == null) s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = s40 = s41 = s50 = s51 = s60 = s61 = s70 = s71 = Vector512<float>.Zero;
            else
            {
                s00 = s10 = s20 = s30 = s40 = s50 = s60 = s70 = Vector512.Load(init);
                s01 = s11 = s21 = s31 = s41 = s51 = s61 = s71 = Vector512.Load(init + 16);
            }
            float* bp = b;
            for (int p = 0, o = 0; p < k; p++, bp += ldb, o += aCol)
            {
                var b0 = Vector512.Load(bp); var b1 = Vector512.Load(bp + 16);
                var x = Vector512.Create(a0[o]); s00 = Vector512.FusedMultiplyAdd(x, b0, s00); s01 = Vector512.FusedMultiplyAdd(x, b1, s01);
                x = Vector512.Create(a1[o]); s10 = Vector512.FusedMultiplyAdd(x, b0, s10); s11 = Vector512.FusedMultiplyAdd(x, b1, s11);
                x = Vector512.Create(a2[o]); s20 = Vector512.FusedMultiplyAdd(x, b0, s20); s21 = Vector512.FusedMultiplyAdd(x, b1, s21);
                x = Vector512.Create(a3[o]); s30 = Vector512.FusedMultiplyAdd(x, b0, s30); s31 = Vector512.FusedMultiplyAdd(x, b1, s31);
                x = Vector512.Create(a4[o]); s40 = Vector512.FusedMultiplyAdd(x, b0, s40); s41 = Vector512.FusedMultiplyAdd(x, b1, s41);
                x = Vector512.Create(a5[o]); s50 = Vector512.FusedMultiplyAdd(x, b0, s50); s51 = Vector512.FusedMultiplyAdd(x, b1, s51);
                x = Vector512.Create(a6[o]); s60 = Vector512.FusedMultiplyAdd(x, b0, s60); s61 = Vector512.FusedMultiplyAdd(x, b1, s61);
                x = Vector512.Create(a7[o]); s70 = Vector512.FusedMultiplyAdd(x, b0, s70); s71 = Vector512.FusedMultiplyAdd(x, b1, s71);
            }
            s00.Store(c); s01.Store(c + 16); s10.Store(c + ldc); s11.Store(c + ldc + 16);
            s20.Store(c + 2 * ldc); s21.Store(c + 2 * ldc + 16); s30.Store(c + 3 * ldc); s31.Store(c + 3 * ldc + 16);
            s40.Store(c + 4 * ldc); s41.Store(c + 4 * ldc + 16); s50.Store(c + 5 * ldc); s51.Store(c + 5 * ldc + 16);
            s60.Store(c + 6 * ldc); s61.Store(c + 6 * ldc + 16); s70.Store(c + 7 * ldc); s71.Store(c + 7 * ldc + 16);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        static void Block16x16(float* a, int aRow, int aCol, float* b, int ldb, float* c, int ldc, int k, float* init)
        {
            Vector512<float> s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, sa, sb, sc, sd, se, sf;
            s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = s8 = s9 = sa = sb = sc = sd = se = sf = init == null ? Vector512<float>.Zero : Vector512.Load(init);
            float* bp = b;
            for (int p = 0, o = 0; p < k; p++, bp += ldb, o += aCol)
            {
                var bv = Vector512.Load(bp);
                s0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[o]), bv, s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[aRow + o]), bv, s1);
                s2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2 * aRow + o]), bv, s2);
                s3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3 * aRow + o]), bv, s3);
                s4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4 * aRow + o]), bv, s4);
                s5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5 * aRow + o]), bv, s5);
                s6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6 * aRow + o]), bv, s6);
                s7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7 * aRow + o]), bv, s7);
                s8 = Vector512.FusedMultiplyAdd(Vector512.Create(a[8 * aRow + o]), bv, s8);
                s9 = Vector512.FusedMultiplyAdd(Vector512.Create(a[9 * aRow + o]), bv, s9);
                sa = Vector512.FusedMultiplyAdd(Vector512.Create(a[10 * aRow + o]), bv, sa);
                sb = Vector512.FusedMultiplyAdd(Vector512.Create(a[11 * aRow + o]), bv, sb);
                sc = Vector512.FusedMultiplyAdd(Vector512.Create(a[12 * aRow + o]), bv, sc);
                sd = Vector512.FusedMultiplyAdd(Vector512.Create(a[13 * aRow + o]), bv, sd);
                se = Vector512.FusedMultiplyAdd(Vector512.Create(a[14 * aRow + o]), bv, se);
                sf = Vector512.FusedMultiplyAdd(Vector512.Create(a[15 * aRow + o]), bv, sf);
            }
            s0.Store(c); s1.Store(c + ldc); s2.Store(c + 2 * ldc); s3.Store(c + 3 * ldc);
            s4.Store(c + 4 * ldc); s5.Store(c + 5 * ldc); s6.Store(c + 6 * ldc); s7.Store(c + 7 * ldc);
            s8.Store(c + 8 * ldc); s9.Store(c + 9 * ldc); sa.Store(c + 10 * ldc); sb.Store(c + 11 * ldc);
            sc.Store(c + 12 * ldc); sd.Store(c + 13 * ldc); se.Store(c + 14 * ldc); sf.Store(c + 15 * ldc);
        }
    }
}
