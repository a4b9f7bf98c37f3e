using Hades.Core.Policies;
using Hades.Core.Training;
using Hades.Core.Training.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Tests.Core.Training;

public class FusedTrainerTests
{
    static Tensor Soft(int members, int pairs, int actions, int seed) =>
        torch.nn.functional.softmax(torch.randn(members, pairs, actions, generator: new Generator((ulong)seed)), -1);

    [Theory]
    [InlineData("relu", 5)]
    [InlineData("tanh", 5)]
    [InlineData("relu", 1)]
    public void Fused_training_matches_torch_autograd_and_Adam(string activation, int pairs)
    {
        // widths 20 and 9: full 16-column blocks, 8-column blocks and scalar remainders; 5 pairs: a 4-row block and a remainder row
        var act = ActivationExtensions.Parse(activation);
        var shape = new MlpShape(7, [20, 9], 3, act);
        var settings = new InnerLoopSettings([20, 9], act, 30, 0.02);
        ulong[] seeds = [3, 4];
        using var states = torch.randn(4, pairs, 7, generator: new Generator(9));
        using var targets = Soft(4, pairs, 3, 10);
        using var fused = BatchedMlp.Create(shape, seeds, m => m % 2, 4, torch.CPU);
        using var reference = BatchedMlp.Create(shape, seeds, m => m % 2, 4, torch.CPU);
        PolicyTrainer.Train(fused, states, targets, settings);
        PolicyTrainer.TrainWithAutograd(reference, states, targets, settings);
        using var untrained = BatchedMlp.Create(shape, seeds, m => m % 2, 4, torch.CPU);
        for (int l = 0; l < 3; l++)
        {
            Assert.True(torch.allclose(fused.Weights[l], reference.Weights[l], rtol: 1e-4, atol: 1e-5), $"layer {l} weights differ from autograd");
            Assert.True(torch.allclose(fused.Biases[l], reference.Biases[l], rtol: 1e-4, atol: 1e-5), $"layer {l} biases differ from autograd");
            Assert.False(torch.allclose(fused.Weights[l], untrained.Weights[l], rtol: 0, atol: 1e-4), $"layer {l} did not train");
        }
    }

    [Fact]
    public void Fused_training_is_bit_identical_for_any_thread_count_and_batch()
    {
        var shape = new MlpShape(6, [24, 24], 4, Activation.Relu);
        ulong[] seeds = [1, 2, 3, 4, 5];
        using var states = torch.randn(5, 6, 6, generator: new Generator(1));
        using var targets = torch.nn.functional.one_hot(torch.tensor(new long[] { 0, 1, 2, 3, 0, 1 }), 4).to(ScalarType.Float32).unsqueeze(0);
        double[] lrs = [0.03, 0.01, 0.03, 0.05, 0.02];
        int[] steps = [10, 20, 5, 15, 12];
        using var one = BatchedMlp.Create(shape, seeds, m => m, 5, torch.CPU);
        using var two = BatchedMlp.Create(shape, seeds, m => m, 5, torch.CPU);
        FusedMlpTrainer.Train(one, states, targets, lrs, steps, 1e-5, threads: 1);
        FusedMlpTrainer.Train(two, states, targets, lrs, steps, 1e-5, threads: 2);
        var flatOne = Enumerable.Range(0, 5).Select(one.Flatten).ToArray();
        for (int m = 0; m < 5; m++)
        {
            Assert.Equal(flatOne[m], two.Flatten(m));
            using var alone = BatchedMlp.Create(shape, [seeds[m]], _ => 0, 1, torch.CPU);
            using var own = states[m].unsqueeze(0);
            FusedMlpTrainer.Train(alone, own, targets, [lrs[m]], [steps[m]], 1e-5, threads: 1);
            Assert.Equal(flatOne[m], alone.Flatten(0));
        }
    }

    [Theory]
    [InlineData(27)]
    [InlineData(150)] // two full 64-column panels and a remainder panel
    public unsafe void Matrix_kernel_matches_a_plain_product_with_strided_A_and_remainders(int n)
    {
        int m = 6, k = 5;
        var rng = new System.Random(4);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] bias = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
        float[] c = new float[m * n], ct = new float[m * n];
        float[] aT = new float[k * m];
        for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) aT[p * m + i] = a[i * k + p];
        fixed (float* pa = a, pb = b, pc = c, pbias = bias, paT = aT, pct = ct)
        {
            MatrixKernels.Multiply(pa, k, 1, pb, pc, m, k, n, pbias);
            MatrixKernels.Multiply(paT, 1, m, pb, pct, m, k, n, pbias); // A read as the transpose of aT
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double expected = bias[j];
                for (int p = 0; p < k; p++) expected += (double)a[i * k + p] * b[p * n + j];
                Assert.Equal(expected, c[i * n + j], 1e-5);
            }
        Assert.Equal(c, ct);
    }
}

public class FusedForwardTests
{
    [Theory]
    [InlineData("relu")]
    [InlineData("tanh")]
    public void Fused_forward_matches_torch_and_skipping_rows_changes_no_other_row(string activation)
    {
        var shape = new MlpShape(5, [18, 33], 3, ActivationExtensions.Parse(activation));
        using var policies = BatchedMlp.Create(shape, [7UL, 8UL, 9UL], m => m, 3, torch.CPU);
        const int rows = 5;
        using var x = torch.randn(3, rows, 5, generator: new Generator(2));
        var input = x.data<float>().ToArray();
        using var expected = policies.Forward(x);
        var all = new float[3 * rows * 3];
        using (var forward = new FusedMlpForward(policies, rows)) forward.Forward(input, all);
        Assert.True(torch.allclose(torch.tensor(all, [3, rows, 3]), expected, rtol: 1e-5, atol: 1e-6));

        var some = Enumerable.Repeat(float.NaN, all.Length).ToArray();
        using (var forward = new FusedMlpForward(policies, rows)) forward.Forward(input, some, Enumerable.Range(0, 3 * rows).Select(i => i % 3 != 1).ToArray());
        for (int i = 0; i < 3 * rows; i++)
            for (int j = 0; j < 3; j++)
                if (i % 3 != 1) Assert.Equal(all[i * 3 + j], some[i * 3 + j]);
                else Assert.True(float.IsNaN(some[i * 3 + j]), "an inactive row was computed");
    }
}
