using System.Runtime.Intrinsics;
using Hades.Core.Policies;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary><see cref="MemberPair"/> (two members on one thread, one's Adam pass carried by the other's products) against
/// each member trained alone: the parameters must agree bit for bit, and the carried pass must really run inside
/// the products.</summary>
public class MemberPairTests
{
    static float[] Random(int count, int seed, float scale) { var rng = new System.Random(seed); return Enumerable.Range(0, count).Select(_ => ((float)rng.NextDouble() - 0.5f) * scale).ToArray(); }

    [Theory]
    [InlineData(100, "512,512", 6, "relu", 16, 3, 2)] // a paper-width MinAtar learner (input shortened)
    [InlineData(4, "64,64", 2, "relu", 16, 5, 5)]     // CartPole's learner
    [InlineData(9, "130,66", 20, "tanh", 16, 2, 4)]   // blocks with a column and row rest; a wide output layer
    [InlineData(17, "70,33", 5, "relu", 20, 4, 1)]    // pairs not a multiple of 16; one member ends early
    [InlineData(10, "64", 3, "relu", 7, 3, 3)]        // one hidden layer, 7 pairs (2 × 64 and 1 × 64 rows)
    public unsafe void Interleaved_pair_equals_each_member_alone_bit_for_bit(int input, string hidden, int output, string activation, int pairs, int stepsA, int stepsB)
    {
        var shape = new MlpShape(input, hidden.Split(',').Select(int.Parse).ToArray(), output, ActivationExtensions.Parse(activation));
        var layout = new MemberLayout(shape, pairs);
        float[] thetaA = Random(layout.Count, 1, 0.3f), thetaB = Random(layout.Count, 5, 0.3f);
        float[] xa = Random(pairs * input, 2, 2f), xb = Random(pairs * input, 3, 2f), ta = new float[pairs * output], tb = new float[pairs * output];
        for (int r = 0; r < pairs; r++) { ta[r * output + r * 7 % output] = 1; tb[r * output + r * 3 % output] = 1; }
        float[] Alone(float[] theta0, float[] x, float[] t, int steps, float lr)
        {
            using var trainer = new MemberTrainer(layout);
            theta0.CopyTo(trainer.Parameters);
            trainer.Reset();
            fixed (float* px = x, pt = t) trainer.Train(px, pt, steps, lr, 1e-5f);
            return trainer.Parameters.ToArray();
        }
        var expectedA = Alone(thetaA, xa, ta, stepsA, 0.02f);
        var expectedB = Alone(thetaB, xb, tb, stepsB, 0.03f);
        Assert.NotEqual(thetaA, expectedA);
        using var pair = new MemberPair(layout);
        for (int round = 0; round < 2; round++) // a pair reused for the next two members starts afresh
        {
            thetaA.CopyTo(pair.First.Parameters); thetaB.CopyTo(pair.Second.Parameters);
            pair.First.Reset(); pair.Second.Reset();
            fixed (float* pxa = xa, pta = ta, pxb = xb, ptb = tb) pair.Train(pxa, pta, stepsA, 0.02f, pxb, ptb, stepsB, 0.03f, 1e-5f);
            Assert.Equal(expectedA, pair.First.Parameters.ToArray());
            Assert.Equal(expectedB, pair.Second.Parameters.ToArray());
        }
    }

    [Fact]
    public unsafe void A_product_carries_queued_updates_and_keeps_its_own_numbers()
    {
        // the carried pass: one layer of W [16 × 256] (4 rows of 4 × 64 blocks × 4 column panels = 256 updates)
        const int fanIn = 16, fanOut = 256, pairs = 16;
        float[] below = Random(pairs * fanIn, 1, 1f), dz = Random(pairs * fanOut, 2, 1f), theta0 = Random(fanIn * fanOut, 3, 1f);
        float[] carried = (float[])theta0.Clone(), mCarried = new float[theta0.Length], vCarried = new float[theta0.Length];
        float[] direct = (float[])theta0.Clone(), mDirect = new float[theta0.Length], vDirect = new float[theta0.Length];
        // the product: C [4 × 64] = A [4 × 300] · B [300 × 64] + init
        const int m = 4, k = 300, n = 64;
        float[] a = Random(m * k, 4, 1f), b = Random(k * n, 5, 1f), init = Random(n, 6, 1f), plain = new float[m * n], fed = new float[m * n];
        var step = AdamKernel.Step.Of(2, 0.01f, 1e-5f);
        using var feed = new InterleavedAdam();
        fixed (float* pBelow = below, pDz = dz, pc = carried, pm = mCarried, pv = vCarried, pd = direct, pmd = mDirect, pvd = vDirect,
               pa = a, pb = b, pi = init, pPlain = plain, pFed = fed)
        {
            feed.Open(pc, pm, pv, [new InterleavedAdam.Layer((nint)pBelow, fanIn, (nint)pDz, fanOut, pairs, fanIn, fanOut, 0)], step);
            Assert.Equal(256, feed.RemainingUpdates);
            MatrixKernels.Multiply(pa, k, 1, pb, pPlain, m, k, n, pi);
            MatrixKernels.MultiplyFed(pa, k, 1, pb, pFed, m, k, n, pi, false, feed, 2, 3);
            Assert.Equal(plain, fed);
            // one update per 2 k-steps (with 512-bit vectors; otherwise the product is the plain one and carries nothing)
            Assert.Equal(Vector512.IsHardwareAccelerated ? 256 - k / 2 : 256, feed.RemainingUpdates);
            feed.Drain();
            Assert.Equal(0, feed.RemainingUpdates);
            var constants = new GradientAdamKernel.Constants(step);
            for (int i0 = 0; i0 < fanIn; i0 += 4)
                for (int j0 = 0; j0 < fanOut; j0 += 64)
                {
                    int at = i0 * fanOut + j0;
                    GradientAdamKernel.Block4x64(pBelow + i0, fanIn, pDz + j0, fanOut, pairs, pd + at, pmd + at, pvd + at, constants);
                }
        }
        Assert.NotEqual(theta0, direct);
        Assert.Equal(direct, carried);
        Assert.Equal(mDirect, mCarried);
        Assert.Equal(vDirect, vCarried);
    }
}
