using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// The continuous-action inner loop (<see cref="GaussianPolicyTrainer"/>'s arithmetic) for one member: the network
/// is the Gaussian's mean, a state-independent log standard deviation per action is learned beside it, the loss is the
/// mean over the pairs of the negative log-likelihood of the action targets, and with clipping every gradient
/// (weights, biases, log-std) is scaled by min(1, c / (‖g‖ + 10⁻¹²)) before Adam (optax <c>clip_by_global_norm</c>).
/// Clipping needs the whole gradient's norm before any update, so with it the gradient is written out
/// (each element the same FMA chain over the pairs as the fused kernels') and Adam runs over it afterwards.
/// </summary>
public sealed unsafe partial class MemberTrainer
{
    float* logStd, logStdM, logStdV, logStdGrad, gradient;

    /// <summary>The member's log standard deviations, one per action (read after training, written before).</summary>
    public Span<float> LogStd { get { EnsureGaussian(); return new(logStd, s.Out[^1]); } }

    void EnsureGaussian()
    {
        if (logStd != null) return;
        int actions = s.Out[^1];
        logStd = Alloc(actions); logStdM = Alloc(actions); logStdV = Alloc(actions); logStdGrad = Alloc(actions);
    }

    /// <summary>Trains for <paramref name="steps"/> Adam steps (1 … steps) on pairs x [D×in] with action targets y
    /// [D×A]; <paramref name="clip"/> &gt; 0 clips the global gradient norm, 0 turns clipping off. Starts Adam afresh
    /// for the log-std too (<see cref="Reset"/> does it for the network).</summary>
    public void TrainGaussian(float* x, float* y, int steps, float lr, float epsilon, float clip)
    {
        EnsureGaussian();
        int actions = s.Out[^1];
        new Span<float>(logStdM, actions).Clear();
        new Span<float>(logStdV, actions).Clear();
        for (int step = 1; step <= steps; step++) GaussianStep(x, y, AdamKernel.Step.Of(step, lr, epsilon), clip);
    }

    /// <summary>One full-batch Adam step on the Gaussian negative log-likelihood.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void GaussianStep(float* x, float* y, AdamKernel.Step adam, float clip)
    {
        int last = s.Layers - 1, actions = s.Out[last];
        Forward(x);
        GaussianLossGradient(h[last], y);
        Backward();
        if (clip > 0)
        {
            if (gradient == null) gradient = Alloc(s.Count);
            for (int l = 0; l <= last; l++)
            {
                float* below = l == 0 ? x : h[l - 1];
                if (l == last && Narrow) NarrowWeightGradient(below, l, gradient + s.WeightOffset[l]);
                else MatrixKernels.Multiply(below, 1, s.In[l], dz[l], gradient + s.WeightOffset[l], s.In[l], s.Pairs, s.Out[l], null);
                BiasGradient(l, gradient + s.BiasOffset[l]);
            }
            double norm = Math.Sqrt(SquaredNorm(gradient, s.Count) + SquaredNorm(logStdGrad, actions));
            double scale = clip / (norm + 1e-12);
            if (scale < 1)
            {
                Scale(gradient, s.Count, (float)scale);
                Scale(logStdGrad, actions, (float)scale);
            }
            AdamKernel.Update(theta, gradient, m, v, s.Count, adam);
        }
        else
            for (int l = 0; l <= last; l++)
            {
                if (l == last && Narrow) NarrowWeightGradientAdam(l == 0 ? x : h[l - 1], l, adam);
                else WeightGradientAdam(l == 0 ? x : h[l - 1], l, adam);
                BiasGradientAdam(l, adam);
            }
        AdamKernel.Update(logStd, logStdGrad, logStdM, logStdV, actions, adam);
    }

    /// <summary>For the mean μ = the output layer and σ = exp(log-std), z = (y − μ)/σ: dz = −(z/σ)/D into the output
    /// layer's dz, and ∂/∂log-std = (Σ over the pairs, in order from zero, of 1 − z²)/D.</summary>
    void GaussianLossGradient(float* mean, float* y)
    {
        int d = s.Pairs, actions = s.Out[^1];
        float* g = dz[s.Layers - 1];
        for (int a = 0; a < actions; a++)
        {
            float sigma = MathF.Exp(logStd[a]), sum = 0;
            for (int r = 0; r < d; r++)
            {
                int at = r * actions + a;
                float z = (y[at] - mean[at]) / sigma;
                g[at] = -(z / sigma) / d;
                sum += 1f - z * z;
            }
            logStdGrad[a] = sum / d;
        }
    }

    /// <summary>The narrow output layer's weight gradient (as <see cref="NarrowWeightGradientAdam"/> computes it)
    /// into <paramref name="target"/> in W's layout.</summary>
    void NarrowWeightGradient(float* below, int l, float* target)
    {
        int d = s.Pairs, fanIn = s.In[l], fanOut = s.Out[l];
        MatrixKernels.Multiply(dz[l], 1, fanOut, below, dhT, fanOut, d, fanIn, null);
        MatrixKernels.Transpose(dhT, target, fanOut, fanIn);
    }

    /// <summary>Σ g² in double: element i goes to lane i mod 8 of eight partial sums, added up in lane order at the
    /// end, so the result does not depend on the machine's vector width.</summary>
    static double SquaredNorm(float* g, int count)
    {
        var low = Vector256<double>.Zero; var high = Vector256<double>.Zero;
        int i = 0;
        for (; i + 8 <= count; i += 8)
        {
            var (lo, hi) = Vector256.Widen(Vector256.Load(g + i));
            low += lo * lo; high += hi * hi;
        }
        Span<double> lanes = stackalloc double[8];
        low.CopyTo(lanes); high.CopyTo(lanes[4..]);
        for (int j = 0; i < count; i++, j++) lanes[j] += (double)g[i] * g[i];
        double sum = 0;
        foreach (var lane in lanes) sum += lane;
        return sum;
    }

    static void Scale(float* g, int count, float factor)
    {
        int i = 0;
        var f = Vector256.Create(factor);
        for (; i + 8 <= count; i += 8) (Vector256.Load(g + i) * f).Store(g + i);
        for (; i < count; i++) g[i] *= factor;
    }

    void DisposeGaussian()
    {
        foreach (var p in new[] { (IntPtr)logStd, (IntPtr)logStdM, (IntPtr)logStdV, (IntPtr)logStdGrad, (IntPtr)gradient })
            if (p != IntPtr.Zero) NativeMemory.AlignedFree((void*)p);
    }
}
