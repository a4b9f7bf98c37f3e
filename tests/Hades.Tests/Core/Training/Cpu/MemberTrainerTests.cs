using Hades.Core.Policies;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary><see cref="MemberTrainer"/> against the inner loop written the plain way (scalar loops, the previous
/// version's order: forward, loss gradient, per layer from the top dW = belowᵀ·dz, db, dh = dz·Wᵀ, then Adam over
/// every parameter). Same summation order everywhere, so the parameters must agree bit for bit.</summary>
public class MemberTrainerTests
{
    static float[] Random(int count, int seed, float scale) { var rng = new System.Random(seed); return Enumerable.Range(0, count).Select(_ => ((float)rng.NextDouble() - 0.5f) * scale).ToArray(); }

    static float Chain(float start, int k, Func<int, float> a, Func<int, float> b)
    {
        float s = start;
        for (int p = 0; p < k; p++) s = MathF.FusedMultiplyAdd(a(p), b(p), s);
        return s;
    }

    static float[] PlainTraining(MlpShape shape, float[] theta0, float[] x, float[] t, int pairs, int steps, float lr, float eps)
    {
        var layout = new MemberLayout(shape, pairs);
        int layers = layout.Layers, last = layers - 1, d = pairs;
        float[] theta = (float[])theta0.Clone(), m = new float[theta.Length], v = new float[theta.Length], grad = new float[theta.Length];
        bool relu = shape.Activation == Activation.Relu;
        for (int step = 1; step <= steps; step++)
        {
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
            int actions = layout.Out[last];
            var dz = new float[d * actions];
            for (int r = 0; r < d; r++)
            {
                float max = h[last][r * actions];
                for (int a = 1; a < actions; a++) max = MathF.Max(max, h[last][r * actions + a]);
                float sum = 0, mass = 0;
                for (int a = 0; a < actions; a++) { dz[r * actions + a] = MathF.Exp(h[last][r * actions + a] - max); sum += dz[r * actions + a]; mass += t[r * actions + a]; }
                for (int a = 0; a < actions; a++) dz[r * actions + a] = (dz[r * actions + a] / sum * mass - t[r * actions + a]) / d;
            }
            for (int l = last; l >= 0; l--)
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
            var adam = AdamKernel.Step.Of(step, lr, eps);
            for (int i = 0; i < theta.Length; i++)
            {
                m[i] = m[i] * AdamKernel.Beta1 + grad[i] * (1 - AdamKernel.Beta1);
                v[i] = v[i] * AdamKernel.Beta2 + grad[i] * grad[i] * (1 - AdamKernel.Beta2);
                theta[i] -= adam.StepSize * m[i] / (MathF.Sqrt(v[i]) / adam.RootCorrection2 + adam.Epsilon);
            }
        }
        return theta;
    }

    [Theory]
    [InlineData(4, "64,64", 2, "relu", 16, 6)]     // CartPole's learner
    [InlineData(100, "512,512", 6, "relu", 16, 2)] // a paper-width MinAtar learner (input shortened)
    [InlineData(7, "20,9", 3, "tanh", 5, 8)]       // remainders everywhere
    [InlineData(17, "70,33", 5, "relu", 9, 5)]
    [InlineData(17, "70,33", 5, "relu", 20, 4)]    // a narrow output layer run transposed, pairs not a multiple of 16
    [InlineData(9, "130,66", 20, "tanh", 16, 3)]   // 4 × 64 gradient blocks with a column and row rest; a wide output
    [InlineData(11, "130", 4, "tanh", 16, 4)]      // one hidden layer
    [InlineData(8, "64,70,64", 5, "tanh", 12, 3)]  // whole 4 × 64 blocks, then layers with rests
    [InlineData(12, "128,64", 64, "relu", 7, 3)]   // a wide output layer in 4 × 64 blocks, pairs not a multiple of 4
    public unsafe void Training_equals_the_plain_order_bit_for_bit(int input, string hidden, int output, string activation, int pairs, int steps)
    {
        var shape = new MlpShape(input, hidden.Split(',').Select(int.Parse).ToArray(), output, ActivationExtensions.Parse(activation));
        var layout = new MemberLayout(shape, pairs);
        float[] theta0 = Random(layout.Count, 1, 0.3f), x = Random(pairs * input, 2, 2f), t = new float[pairs * output];
        for (int r = 0; r < pairs; r++) t[r * output + r * 7 % output] = 1;
        var expected = PlainTraining(shape, theta0, x, t, pairs, steps, 0.02f, 1e-5f);
        Assert.NotEqual(theta0, expected);
        using var trainer = new MemberTrainer(layout);
        for (int round = 0; round < 2; round++) // a trainer reused for the next member starts afresh
        {
            theta0.CopyTo(trainer.Parameters);
            trainer.Reset();
            fixed (float* px = x, pt = t) trainer.Train(px, pt, steps, 0.02f, 1e-5f);
            Assert.Equal(expected, trainer.Parameters.ToArray());
        }
    }
}
