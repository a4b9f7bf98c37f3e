using Hades.Core.Policies;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary><see cref="MemberTrainer.TrainGaussian"/> against the Gaussian inner loop written the plain way
/// (<see cref="PlainInnerLoop"/>, the NLL's gradient and the clip by the formulas in the trainer's summary, the squared
/// norm summed in double with element i in lane i mod 8): the parameters and log-std must agree bit for bit.</summary>
public class MemberTrainerGaussianTests
{
    static float[] Random(int count, int seed, float scale) { var rng = new System.Random(seed); return Enumerable.Range(0, count).Select(_ => ((float)rng.NextDouble() - 0.5f) * scale).ToArray(); }

    static double LaneSquares(float[] g)
    {
        var lanes = new double[8];
        for (int i = 0; i < g.Length; i++) lanes[i % 8] += (double)g[i] * g[i];
        double sum = 0;
        foreach (var lane in lanes) sum += lane;
        return sum;
    }

    static (float[] Theta, float[] LogStd, int Clipped) PlainTraining(MemberLayout layout, float[] theta0, float[] logStd0, float[] x, float[] y, int steps, float lr, float eps, float clip)
    {
        int last = layout.Layers - 1, d = layout.Pairs, actions = layout.Out[last];
        float[] theta = (float[])theta0.Clone(), m = new float[theta.Length], v = new float[theta.Length];
        float[] logStd = (float[])logStd0.Clone(), lm = new float[actions], lv = new float[actions];
        int clipped = 0;
        for (int step = 1; step <= steps; step++)
        {
            var h = PlainInnerLoop.Forward(layout, theta, x);
            var dz = new float[d * actions];
            var logGrad = new float[actions];
            for (int a = 0; a < actions; a++)
            {
                float sigma = MathF.Exp(logStd[a]), sum = 0;
                for (int r = 0; r < d; r++)
                {
                    float z = (y[r * actions + a] - h[last][r * actions + a]) / sigma;
                    dz[r * actions + a] = -(z / sigma) / d;
                    sum += 1f - z * z;
                }
                logGrad[a] = sum / d;
            }
            var grad = PlainInnerLoop.Gradient(layout, theta, x, h, dz);
            if (clip > 0)
            {
                double scale = clip / (Math.Sqrt(LaneSquares(grad) + LaneSquares(logGrad)) + 1e-12);
                if (scale < 1)
                {
                    clipped++;
                    for (int i = 0; i < grad.Length; i++) grad[i] *= (float)scale;
                    for (int a = 0; a < actions; a++) logGrad[a] *= (float)scale;
                }
            }
            var adam = AdamKernel.Step.Of(step, lr, eps);
            PlainInnerLoop.Adam(theta, grad, m, v, adam);
            PlainInnerLoop.Adam(logStd, logGrad, lm, lv, adam);
        }
        return (theta, logStd, clipped);
    }

    [Theory]
    [InlineData(11, "64,64", 1, "tanh", 64, 5, 0.5f)]   // the inverted double pendulum's preset learner, clipped
    [InlineData(11, "64,64", 1, "tanh", 64, 5, 0f)]     // unclipped: the fused gradient-and-Adam kernels
    [InlineData(17, "130,66", 6, "tanh", 20, 4, 0.5f)]  // 4 × 64 blocks with rests, a narrow output run transposed
    [InlineData(9, "70,33", 3, "relu", 5, 4, 0.5f)]     // too few pairs for the transposed output layer
    [InlineData(8, "40", 17, "tanh", 16, 3, 0.5f)]      // a wide output (humanoid's 17 actions), one hidden layer
    [InlineData(8, "40", 17, "tanh", 16, 3, 100f)]      // a clip that never bites
    public unsafe void Gaussian_training_equals_the_plain_order_bit_for_bit(int input, string hidden, int output, string activation, int pairs, int steps, float clip)
    {
        var shape = new MlpShape(input, hidden.Split(',').Select(int.Parse).ToArray(), output, ActivationExtensions.Parse(activation));
        var layout = new MemberLayout(shape, pairs);
        float[] theta0 = Random(layout.Count, 1, 0.3f), x = Random(pairs * input, 2, 2f), y = Random(pairs * output, 3, 1.6f);
        float[] logStd0 = Random(output, 4, 0.4f);
        var (theta, logStd, clipped) = PlainTraining(layout, theta0, logStd0, x, y, steps, 5e-3f, 1e-5f, clip);
        Assert.Equal(clip is > 0 and < 1, clipped > 0); // the small clips bite, the large one never does
        Assert.NotEqual(theta0, theta);
        Assert.NotEqual(logStd0, logStd);
        using var trainer = new MemberTrainer(layout);
        for (int round = 0; round < 2; round++) // a trainer reused for the next member starts afresh
        {
            theta0.CopyTo(trainer.Parameters);
            logStd0.CopyTo(trainer.LogStd);
            trainer.Reset();
            fixed (float* px = x, py = y) trainer.TrainGaussian(px, py, steps, 5e-3f, 1e-5f, clip);
            Assert.Equal(theta, trainer.Parameters.ToArray());
            Assert.Equal(logStd, trainer.LogStd.ToArray());
        }
    }
}
