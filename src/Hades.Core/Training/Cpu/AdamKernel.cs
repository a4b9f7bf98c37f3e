using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// One Adam update (PyTorch's formula) of a contiguous run of parameters, θ ← θ − lr/(1−β₁ᵗ)·m / (√v/√(1−β₂ᵗ) + ε),
/// written so that every element gets the same result whatever the vector width (512, 256 bits or scalar): a run can
/// be updated in any pieces, e.g. a few rows at a time while their gradient is in L1. The vector paths divide √v by
/// √(1−β₂ᵗ) as a double product (<see cref="ExactQuotient(Vector512{float}, Vector512{double})"/>, proven and tested
/// equal to the float division), leaving the divider one division and one square root per element.
/// </summary>
public static unsafe class AdamKernel
{
    public const float Beta1 = 0.9f, Beta2 = 0.999f;

    /// <summary>The step's scalars, computed once per step.</summary>
    public readonly record struct Step(float StepSize, float RootCorrection2, float Epsilon)
    {
        /// <summary>1/√(1−β₂ᵗ) in double precision: √v/√(1−β₂ᵗ) is computed as √v times this in double, rounded to
        /// float, which is bit for bit the float division (<see cref="ExactQuotient"/>) without the divider.</summary>
        public double InverseRoot => 1.0 / RootCorrection2;

        /// <param name="step">1-based step number.</param>
        public static Step Of(int step, float lr, float epsilon) =>
            new((float)(lr / (1 - Math.Pow(Beta1, step))), (float)Math.Sqrt(1 - Math.Pow(Beta2, step)), epsilon);
    }

    /// <summary>
    /// a / b for every lane, with b a float and <paramref name="inverse"/> = 1/b rounded to double: the product a·(1/b)
    /// in double, rounded to float, is the correctly rounded float quotient, bit for bit what the divider gives.
    /// Why: the double reciprocal and the double product each err by at most 2⁻⁵³ relatively, so a·(1/b) is within
    /// 2⁻⁵¹·⁹ of a/b; but a float quotient a/b (24-bit a and b) lies at least 2⁻⁴⁹ (relatively) from every midpoint
    /// between adjacent floats (a = b·m for a 25-bit midpoint m would need a 49-bit a, and a − b·m is a nonzero
    /// multiple of the smaller of their last bits), so both round to the same float. Zeros, infinities and NaNs map
    /// as the division maps them (0·(1/b) = 0, ∞·(1/b) = ∞, NaN stays NaN); subnormal inputs read as zero under DAZ
    /// in both. The widening, multiplying and narrowing run on the FMA ports: a vector division occupies the divider
    /// for many cycles, and Adam's two divisions and square root are what bounds the fused inner loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ExactQuotient(Vector512<float> a, Vector512<double> inverse) =>
        Vector512.Narrow(Vector512.WidenLower(a) * inverse, Vector512.WidenUpper(a) * inverse);

    /// <summary>The 256-bit <see cref="ExactQuotient(Vector512{float}, Vector512{double})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ExactQuotient(Vector256<float> a, Vector256<double> inverse) =>
        Vector256.Narrow(Vector256.WidenLower(a) * inverse, Vector256.WidenUpper(a) * inverse);

    /// <summary>Updates θ, m, v at [0, n) from the gradient g.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update(float* theta, float* g, float* m, float* v, int n, Step step)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var b1 = Vector512.Create(Beta1); var c1 = Vector512.Create(1 - Beta1);
            var b2 = Vector512.Create(Beta2); var c2 = Vector512.Create(1 - Beta2);
            var inverseRoot = Vector512.Create(step.InverseRoot); var eps = Vector512.Create(step.Epsilon); var size = Vector512.Create(step.StepSize);
            for (; i + 16 <= n; i += 16)
            {
                var gi = Vector512.Load(g + i);
                var mi = Vector512.Load(m + i) * b1 + gi * c1;
                var vi = Vector512.Load(v + i) * b2 + gi * gi * c2;
                mi.Store(m + i); vi.Store(v + i);
                var denominator = ExactQuotient(Vector512.Sqrt(vi), inverseRoot) + eps;
                (Vector512.Load(theta + i) - size * mi / denominator).Store(theta + i);
            }
        }
        {
            var b1 = Vector256.Create(Beta1); var c1 = Vector256.Create(1 - Beta1);
            var b2 = Vector256.Create(Beta2); var c2 = Vector256.Create(1 - Beta2);
            var inverseRoot = Vector256.Create(step.InverseRoot); var eps = Vector256.Create(step.Epsilon); var size = Vector256.Create(step.StepSize);
            for (; i + 8 <= n; i += 8)
            {
                var gi = Vector256.Load(g + i);
                var mi = Vector256.Load(m + i) * b1 + gi * c1;
                var vi = Vector256.Load(v + i) * b2 + gi * gi * c2;
                mi.Store(m + i); vi.Store(v + i);
                var denominator = ExactQuotient(Vector256.Sqrt(vi), inverseRoot) + eps;
                (Vector256.Load(theta + i) - size * mi / denominator).Store(theta + i);
            }
        }
        for (; i < n; i++)
        {
            float gi = g[i];
            m[i] = m[i] * Beta1 + gi * (1 - Beta1);
            v[i] = v[i] * Beta2 + gi * gi * (1 - Beta2);
            theta[i] -= step.StepSize * m[i] / (MathF.Sqrt(v[i]) / step.RootCorrection2 + step.Epsilon);
        }
    }
}
