using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// One Adam update (PyTorch's formula) of a contiguous run of parameters, θ ← θ − lr/(1−β₁ᵗ)·m / (√v/√(1−β₂ᵗ) + ε),
/// written so that every element gets the same operations in the same order whatever the vector width (512, 256
/// bits or scalar): a run can be updated in any pieces, e.g. a few rows at a time while their gradient is in L1.
/// </summary>
public static unsafe class AdamKernel
{
    public const float Beta1 = 0.9f, Beta2 = 0.999f;

    /// <summary>The step's scalars, computed once per step.</summary>
    public readonly record struct Step(float StepSize, float RootCorrection2, float Epsilon)
    {
        /// <param name="step">1-based step number.</param>
        public static Step Of(int step, float lr, float epsilon) =>
            new((float)(lr / (1 - Math.Pow(Beta1, step))), (float)Math.Sqrt(1 - Math.Pow(Beta2, step)), epsilon);
    }

    /// <summary>Updates θ, m, v at [0, n) from the gradient g.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update(float* theta, float* g, float* m, float* v, int n, Step step)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var b1 = Vector512.Create(Beta1); var c1 = Vector512.Create(1 - Beta1);
            var b2 = Vector512.Create(Beta2); var c2 = Vector512.Create(1 - Beta2);
            var root = Vector512.Create(step.RootCorrection2); var eps = Vector512.Create(step.Epsilon); var size = Vector512.Create(step.StepSize);
            for (; i + 16 <= n; i += 16)
            {
                var gi = Vector512.Load(g + i);
                var mi = Vector512.Load(m + i) * b1 + gi * c1;
                var vi = Vector512.Load(v + i) * b2 + gi * gi * c2;
                mi.Store(m + i); vi.Store(v + i);
                var denominator = Vector512.Sqrt(vi) / root + eps;
                (Vector512.Load(theta + i) - size * mi / denominator).Store(theta + i);
            }
        }
        {
            var b1 = Vector256.Create(Beta1); var c1 = Vector256.Create(1 - Beta1);
            var b2 = Vector256.Create(Beta2); var c2 = Vector256.Create(1 - Beta2);
            var root = Vector256.Create(step.RootCorrection2); var eps = Vector256.Create(step.Epsilon); var size = Vector256.Create(step.StepSize);
            for (; i + 8 <= n; i += 8)
            {
                var gi = Vector256.Load(g + i);
                var mi = Vector256.Load(m + i) * b1 + gi * c1;
                var vi = Vector256.Load(v + i) * b2 + gi * gi * c2;
                mi.Store(m + i); vi.Store(v + i);
                var denominator = Vector256.Sqrt(vi) / root + eps;
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
