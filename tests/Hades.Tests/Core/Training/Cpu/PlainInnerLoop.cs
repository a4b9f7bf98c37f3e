using Hades.Core.Policies;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary>The inner loop's pieces written the plain way (scalar loops in the order <see cref="MemberTrainer"/>
/// promises: every product element one FMA chain over its sum index from its initial value, bias gradients summed over
/// the pairs in order from zero, Adam element by element), for bit-for-bit comparisons.</summary>
static class PlainInnerLoop
{
    public static float Chain(float start, int k, Func<int, float> a, Func<int, float> b)
    {
        float s = start;
        for (int p = 0; p < k; p++) s = MathF.FusedMultiplyAdd(a(p), b(p), s);
        return s;
    }

    /// <summary>Every layer's output (hidden layers activated).</summary>
    public static float[][] Forward(MemberLayout layout, float[] theta, float[] x)
    {
        int layers = layout.Layers, last = layers - 1, d = layout.Pairs;
        bool relu = layout.Activation == Activation.Relu;
        var h = new float[layers][];
        float[] input = x;
        for (int l = 0; l < layers; l++)
        {
            int fi = layout.In[l], fo = layout.Out[l], w = layout.WeightOffset[l], bo = layout.BiasOffset[l];
            var inp = input;
            h[l] = new float[d * fo];
            for (int r = 0; r < d; r++)
                for (int j = 0; j < fo; j++)
                {
                    float z = Chain(theta[bo + j], fi, p => inp[r * fi + p], p => theta[w + p * fo + j]);
                    h[l][r * fo + j] = l == last ? z : relu ? (z > 0 ? z : 0f) : MathF.Tanh(z);
                }
            input = h[l];
        }
        return h;
    }

    /// <summary>The gradient of every weight and bias from the output layer's dz, from the top: dW = belowᵀ·dz, db,
    /// dh = dz·Wᵀ through the activation.</summary>
    public static float[] Gradient(MemberLayout layout, float[] theta, float[] x, float[][] h, float[] dzTop)
    {
        int d = layout.Pairs;
        bool relu = layout.Activation == Activation.Relu;
        var grad = new float[theta.Length];
        var dz = dzTop;
        for (int l = layout.Layers - 1; l >= 0; l--)
        {
            int fi = layout.In[l], fo = layout.Out[l], w = layout.WeightOffset[l], bo = layout.BiasOffset[l];
            float[] below = l == 0 ? x : h[l - 1], g = dz;
            for (int i = 0; i < fi; i++)
                for (int j = 0; j < fo; j++) grad[w + i * fo + j] = Chain(0f, d, r => below[r * fi + i], r => g[r * fo + j]);
            for (int j = 0; j < fo; j++) { float s = 0; for (int r = 0; r < d; r++) s += g[r * fo + j]; grad[bo + j] = s; }
            if (l == 0) break;
            var next = new float[d * fi];
            for (int r = 0; r < d; r++)
                for (int i = 0; i < fi; i++)
                {
                    float dh = Chain(0f, fo, j => g[r * fo + j], j => theta[w + i * fo + j]);
                    float a = h[l - 1][r * fi + i];
                    next[r * fi + i] = relu ? (a > 0 ? dh : 0f) : dh * (1f - a * a);
                }
            dz = next;
        }
        return grad;
    }

    /// <summary>PyTorch's Adam, element by element.</summary>
    public static void Adam(float[] theta, float[] grad, float[] m, float[] v, AdamKernel.Step adam)
    {
        for (int i = 0; i < theta.Length; i++)
        {
            m[i] = m[i] * AdamKernel.Beta1 + grad[i] * (1 - AdamKernel.Beta1);
            v[i] = v[i] * AdamKernel.Beta2 + grad[i] * grad[i] * (1 - AdamKernel.Beta2);
            theta[i] -= adam.StepSize * m[i] / (MathF.Sqrt(v[i]) / adam.RootCorrection2 + adam.Epsilon);
        }
    }
}
