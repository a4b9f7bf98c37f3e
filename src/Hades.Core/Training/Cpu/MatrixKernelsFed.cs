using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// Products that carry another member's Adam updates (<see cref="InterleavedAdam"/>): the 4 × 64 and 8 × 16 blocks run
/// one queued 16-lane update after every few k-steps, so the divider works on that member's divisions while the FMA
/// units work on this product. The product's own numbers do not change: a block is cut along k into segments that
/// continue the same FMA chains from C (a float stored and reloaded is exact), and its elements are the chains that
/// <see cref="Multiply"/> computes.
/// </summary>
public static unsafe partial class MatrixKernels
{
    /// <summary><see cref="Multiply"/>, running one of <paramref name="feed"/>'s updates after every
    /// <paramref name="every4x64"/> k-steps of a 4 × 64 block and every <paramref name="every8x16"/> of an 8 × 16 block
    /// (refilling the queue as it empties); without a feed or 512-bit vectors, <see cref="Multiply"/>.</summary>
    public static void MultiplyFed(float* a, int aRow, int aCol, float* b, float* c, int m, int k, int n, float* init, bool accumulate,
        InterleavedAdam? feed, int every4x64, int every8x16)
    {
        if (feed == null || !Vector512.IsHardwareAccelerated || k == 0) { Multiply(a, aRow, aCol, b, c, m, k, n, init, accumulate); return; }
        int j0 = 0;
        for (; j0 + Panel <= n; j0 += Panel)
        {
            float* panelInit = init == null ? null : init + j0;
            int i = 0;
            for (; i + 4 <= m; i += 4) Segments4x64(a + i * aRow, aRow, aCol, b + j0, c + i * n + j0, k, n, panelInit, accumulate, feed, every4x64);
            if (i + 2 <= m) { Block2x64(a + i * aRow, aRow, aCol, b + j0, c + i * n + j0, k, n, panelInit, accumulate); i += 2; }
            if (i < m) Block1x64(a + i * aRow, aCol, b + j0, c + i * n + j0, k, n, panelInit, accumulate);
        }
        for (; j0 + 16 <= n; j0 += 16)
        {
            float* stripInit = init == null ? null : init + j0;
            int i = 0;
            for (; i + 8 <= m; i += 8) Segments8x16(a + i * aRow, aRow, aCol, b + j0, c + i * n + j0, k, n, stripInit, accumulate, feed, every8x16);
            if (i < m) Strip256(a + i * aRow, aRow, aCol, b + j0, c + i * n + j0, m - i, k, 16, n, stripInit, accumulate);
        }
        if (j0 < n) Strip256(a, aRow, aCol, b + j0, c + j0, m, k, n - j0, n, init == null ? null : init + j0, accumulate);
    }

    /// <summary>One 4 × 64 block in k-segments, each as long as the queued updates last at the pace; the first segment
    /// starts as the block would (init, zeros or C), the others continue from C.</summary>
    static void Segments4x64(float* a, int aRow, int aCol, float* b, float* c, int k, int ld, float* init, bool accumulate, InterleavedAdam feed, int every)
    {
        if (every < 0)
        {
            // EXPERIMENT: whole in-register blocks of the carried pass between segments of -every k-steps
            for (int p0 = 0; p0 < k;)
            {
                int segment = Math.Min(k - p0, -every);
                Block4x64(a + p0 * aCol, aRow, aCol, b + p0 * ld, c, segment, ld, init, accumulate);
                p0 += segment; init = null; accumulate = true;
                feed.NextBlock();
            }
            return;
        }
        for (int p0 = 0; p0 < k;)
        {
            if (!feed.HasQueued && !feed.Refill()) { Block4x64(a + p0 * aCol, aRow, aCol, b + p0 * ld, c, k - p0, ld, init, accumulate); return; }
            int segment = Math.Min(k - p0, every * feed.Queued);
            Block4x64Fed(a + p0 * aCol, aRow, aCol, b + p0 * ld, c, segment, ld, init, accumulate, feed, every);
            p0 += segment; init = null; accumulate = true;
        }
    }

    static void Segments8x16(float* a, int aRow, int aCol, float* b, float* c, int k, int ld, float* init, bool accumulate, InterleavedAdam feed, int every)
    {
        if (every < 0)
        {
            // EXPERIMENT: whole in-register blocks of the carried pass between segments of -every k-steps
            for (int p0 = 0; p0 < k;)
            {
                int segment = Math.Min(k - p0, -every);
                Block8x16(a + p0 * aCol, aRow, aCol, b + p0 * ld, c, segment, ld, init, accumulate);
                p0 += segment; init = null; accumulate = true;
                feed.NextBlock();
            }
            return;
        }
        for (int p0 = 0; p0 < k;)
        {
            if (!feed.HasQueued && !feed.Refill()) { Block8x16(a + p0 * aCol, aRow, aCol, b + p0 * ld, c, k - p0, ld, init, accumulate); return; }
            int segment = Math.Min(k - p0, every * feed.Queued);
            Block8x16Fed(a + p0 * aCol, aRow, aCol, b + p0 * ld, c, segment, ld, init, accumulate, feed, every);
            p0 += segment; init = null; accumulate = true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block4x64Fed(float* a, int aRow, int aCol, float* b, float* c, int k, int ld, float* init, bool accumulate, InterleavedAdam feed, int every)
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
        for (int p = 0, o = 0; p < k;)
        {
            int end = Math.Min(k, p + every);
            for (; p < end; p++, bp += ld, o += aCol)
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
            if (feed.HasQueued) feed.UpdateNext();
        }
        s00.Store(c0); s01.Store(c0 + 16); s02.Store(c0 + 32); s03.Store(c0 + 48);
        s10.Store(c1); s11.Store(c1 + 16); s12.Store(c1 + 32); s13.Store(c1 + 48);
        s20.Store(c2); s21.Store(c2 + 16); s22.Store(c2 + 32); s23.Store(c2 + 48);
        s30.Store(c3); s31.Store(c3 + 16); s32.Store(c3 + 32); s33.Store(c3 + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block8x16Fed(float* a, int aRow, int aCol, float* b, float* c, int k, int ld, float* init, bool accumulate, InterleavedAdam feed, int every)
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
        for (int p = 0, o = 0; p < k;)
        {
            int end = Math.Min(k, p + every);
            for (; p < end; p++, bp += ld, o += aCol)
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
            if (feed.HasQueued) feed.UpdateNext();
        }
        s0.Store(c); s1.Store(c + ld); s2.Store(c + 2 * ld); s3.Store(c + 3 * ld);
        s4.Store(c + 4 * ld); s5.Store(c + 5 * ld); s6.Store(c + 6 * ld); s7.Store(c + 7 * ld);
    }
}
