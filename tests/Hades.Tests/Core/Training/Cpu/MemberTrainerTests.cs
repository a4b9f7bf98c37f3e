using Hades.Core.Policies;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary><see cref="MemberTrainer"/> against the inner loop written the plain way (scalar loops, the previous
/// version's order: forward, loss gradient, per layer from the top dW = belowᵀ·dz, db, dh = dz·Wᵀ, then Adam over
/// every parameter). Same summation order everywhere, so the parameters must agree bit for bit.</summary>
public class MemberTrainerTests
{
    static float[] Random(int count, int seed, float scale) { var rng = new System.Random(seed); return Enumerable.Range(0, count).Select(_ => ((float)rng.NextDouble() - 0.5f) * scale).ToArray(); }

    static float[] PlainTraining(MlpShape shape, float[] theta0, float[] x, float[] t, int pairs, int steps, float lr, float eps)
    {
        var layout = new MemberLayout(shape, pairs);
        int last = layout.Layers - 1, d = pairs, actions = layout.Out[last];
        float[] theta = (float[])theta0.Clone(), m = new float[theta.Length], v = new float[theta.Length];
        for (int step = 1; step <= steps; step++)
        {
            var h = PlainInnerLoop.Forward(layout, theta, x);
            var dz = new float[d * actions];
            for (int r = 0; r < d; r++)
            {
                float max = h[last][r * actions];
                for (int a = 1; a < actions; a++) max = MathF.Max(max, h[last][r * actions + a]);
                float sum = 0, mass = 0;
                for (int a = 0; a < actions; a++) { dz[r * actions + a] = MathF.Exp(h[last][r * actions + a] - max); sum += dz[r * actions + a]; mass += t[r * actions + a]; }
                for (int a = 0; a < actions; a++) dz[r * actions + a] = (dz[r * actions + a] / sum * mass - t[r * actions + a]) / d;
            }
            var grad = PlainInnerLoop.Gradient(layout, theta, x, h, dz);
            PlainInnerLoop.Adam(theta, grad, m, v, AdamKernel.Step.Of(step, lr, eps));
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
