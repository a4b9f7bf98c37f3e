using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// A weight gradient and its Adam update in one pass: a 4 × 64 block of dW = belowᵀ·dz is summed in 16 512-bit
/// registers (each element one FMA chain over the pairs in order, from zero, as <see cref="MatrixKernels"/>) and goes
/// straight through Adam (<see cref="AdamKernel"/>'s formula and arithmetic) onto θ, m and v: the gradient
/// never touches memory, and the next block's FMAs overlap this block's divisions and square roots (Adam's cost is
/// its divider, not its memory traffic). Results are bit-identical to the gradient written out and then updated.
/// </summary>
public static unsafe class GradientAdamKernel
{
    /// <summary>Updates the 4 × 64 block whose top-left parameter is θ[0] (rows fanOut apart) from the pairs' inputs
    /// below[r·fanIn + i] (i = 0 … 3) and output gradients dz[r·fanOut + j] (j = 0 … 63), r = 0 … pairs − 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Block4x64(float* below, int fanIn, float* dz, int fanOut, int pairs, float* theta, float* m, float* v, in Constants c)
    {
        Vector512<float> s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
        s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = Vector512<float>.Zero;
        float* a = below, bp = dz;
        for (int r = 0; r < pairs; r++, a += fanIn, bp += fanOut)
        {
            var b0 = Vector512.Load(bp); var b1 = Vector512.Load(bp + 16);
            var b2 = Vector512.Load(bp + 32); var b3 = Vector512.Load(bp + 48);
            var x = Vector512.Create(a[0]);
            s00 = Vector512.FusedMultiplyAdd(x, b0, s00); s01 = Vector512.FusedMultiplyAdd(x, b1, s01);
            s02 = Vector512.FusedMultiplyAdd(x, b2, s02); s03 = Vector512.FusedMultiplyAdd(x, b3, s03);
            x = Vector512.Create(a[1]);
            s10 = Vector512.FusedMultiplyAdd(x, b0, s10); s11 = Vector512.FusedMultiplyAdd(x, b1, s11);
            s12 = Vector512.FusedMultiplyAdd(x, b2, s12); s13 = Vector512.FusedMultiplyAdd(x, b3, s13);
            x = Vector512.Create(a[2]);
            s20 = Vector512.FusedMultiplyAdd(x, b0, s20); s21 = Vector512.FusedMultiplyAdd(x, b1, s21);
            s22 = Vector512.FusedMultiplyAdd(x, b2, s22); s23 = Vector512.FusedMultiplyAdd(x, b3, s23);
            x = Vector512.Create(a[3]);
            s30 = Vector512.FusedMultiplyAdd(x, b0, s30); s31 = Vector512.FusedMultiplyAdd(x, b1, s31);
            s32 = Vector512.FusedMultiplyAdd(x, b2, s32); s33 = Vector512.FusedMultiplyAdd(x, b3, s33);
        }
        Update(s00, theta, m, v, c);
        Update(s01, theta + 16, m + 16, v + 16, c);
        Update(s02, theta + 32, m + 32, v + 32, c);
        Update(s03, theta + 48, m + 48, v + 48, c);
        Update(s10, theta + 1 * fanOut, m + 1 * fanOut, v + 1 * fanOut, c);
        Update(s11, theta + 1 * fanOut + 16, m + 1 * fanOut + 16, v + 1 * fanOut + 16, c);
        Update(s12, theta + 1 * fanOut + 32, m + 1 * fanOut + 32, v + 1 * fanOut + 32, c);
        Update(s13, theta + 1 * fanOut + 48, m + 1 * fanOut + 48, v + 1 * fanOut + 48, c);
        Update(s20, theta + 2 * fanOut, m + 2 * fanOut, v + 2 * fanOut, c);
        Update(s21, theta + 2 * fanOut + 16, m + 2 * fanOut + 16, v + 2 * fanOut + 16, c);
        Update(s22, theta + 2 * fanOut + 32, m + 2 * fanOut + 32, v + 2 * fanOut + 32, c);
        Update(s23, theta + 2 * fanOut + 48, m + 2 * fanOut + 48, v + 2 * fanOut + 48, c);
        Update(s30, theta + 3 * fanOut, m + 3 * fanOut, v + 3 * fanOut, c);
        Update(s31, theta + 3 * fanOut + 16, m + 3 * fanOut + 16, v + 3 * fanOut + 16, c);
        Update(s32, theta + 3 * fanOut + 32, m + 3 * fanOut + 32, v + 3 * fanOut + 32, c);
        Update(s33, theta + 3 * fanOut + 48, m + 3 * fanOut + 48, v + 3 * fanOut + 48, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Update(Vector512<float> g, float* theta, float* m, float* v, in Constants c)
    {
        var mi = Vector512.Load(m) * c.Beta1 + g * c.OneMinusBeta1;
        var vi = Vector512.Load(v) * c.Beta2 + g * g * c.OneMinusBeta2;
        mi.Store(m); vi.Store(v);
        var denominator = AdamKernel.ExactQuotient(Vector512.Sqrt(vi), c.InverseRoot) + c.Epsilon;
        (Vector512.Load(theta) - c.Size * mi / denominator).Store(theta);
    }

    /// <summary>Adam's per-step scalars as vectors.</summary>
    public readonly struct Constants(AdamKernel.Step step)
    {
        public readonly Vector512<float> Beta1 = Vector512.Create(AdamKernel.Beta1), OneMinusBeta1 = Vector512.Create(1 - AdamKernel.Beta1);
        public readonly Vector512<float> Beta2 = Vector512.Create(AdamKernel.Beta2), OneMinusBeta2 = Vector512.Create(1 - AdamKernel.Beta2);
        public readonly Vector512<double> InverseRoot = Vector512.Create(step.InverseRoot);
        public readonly Vector512<float> Epsilon = Vector512.Create(step.Epsilon), Size = Vector512.Create(step.StepSize);
    }
}
