using Hades.Core.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Tests.Core.Vision;

public class BatchedCnnTests
{
    const int Side = 28, Pixels = Side * Side;

    static Tensor RandomImages(int count, ulong seed)
    {
        using var g = new Generator(seed);
        return torch.rand(count, 1, Side, Side, generator: g);
    }

    /// <summary>A plain single network built from member <paramref name="m"/>'s weights, with autograd on.</summary>
    sealed class Reference : IDisposable
    {
        public readonly Tensor Conv, ConvBias, W1, B1, W2, B2;

        public Reference(BatchedCnn nets, int m)
        {
            using var wc = nets.ConvWeight[m];
            // Wc[k, o] with k = 3·kh + kw  →  conv2d weight [o, 1, kh, kw].
            Conv = wc.t().reshape(nets.Channels, 1, 3, 3).clone().requires_grad_();
            using var bc = nets.ConvBias[m]; ConvBias = bc.reshape(-1).clone().requires_grad_();
            using var w1 = nets.Dense1Weight[m]; W1 = w1.clone().requires_grad_();
            using var b1 = nets.Dense1Bias[m]; B1 = b1.reshape(-1).clone().requires_grad_();
            using var w2 = nets.Dense2Weight[m]; W2 = w2.clone().requires_grad_();
            using var b2 = nets.Dense2Bias[m]; B2 = b2.reshape(-1).clone().requires_grad_();
        }

        public Tensor[] Parameters => [Conv, ConvBias, W1, B1, W2, B2];

        public Tensor Logits(Tensor x)
        {
            var c = torch.nn.functional.conv2d(x, Conv, ConvBias, padding: [1, 1]).relu();
            // Flatten in (h, w, c) order, as flax flattens NHWC activations.
            var flat = c.permute(0, 2, 3, 1).reshape(x.shape[0], -1);
            var h = torch.nn.functional.linear(flat, W1.t(), B1).relu();
            return torch.nn.functional.linear(h, W2.t(), B2);
        }

        /// <summary>Plain SGD on the paper's loss −mean(log_softmax · onehot); returns the last step's mean CE.</summary>
        public double Train(Tensor x, Tensor labels, int steps, double lr)
        {
            double last = double.NaN;
            var onehot = torch.nn.functional.one_hot(labels, 10).to(ScalarType.Float32);
            for (int s = 0; s < steps; s++)
            {
                using var scope = torch.NewDisposeScope();
                foreach (var p in Parameters) p.grad?.zero_();
                var logProbs = torch.nn.functional.log_softmax(Logits(x), -1);
                var loss = -(logProbs * onehot).mean();
                last = loss.item<float>() * 10;
                loss.backward();
                using var noGrad = torch.no_grad();
                foreach (var p in Parameters) p.sub_(p.grad!.mul(lr));
            }
            return last;
        }

        public void Dispose() { foreach (var p in Parameters) p.Dispose(); }
    }

    static void AssertMemberEquals(BatchedCnn nets, int m, Reference reference, double tolerance)
    {
        using var probe = new Reference(nets, m);
        string[] names = ["conv", "conv bias", "dense1", "dense1 bias", "dense2", "dense2 bias"];
        for (int i = 0; i < names.Length; i++)
        {
            using var diff = (probe.Parameters[i] - reference.Parameters[i]).abs().max();
            double d = diff.item<float>();
            Assert.True(d <= tolerance, $"member {m} {names[i]} differs by {d}");
        }
    }

    [Fact]
    public void Batched_training_equals_training_each_network_alone()
    {
        const int members = 3, n = 10, steps = 5;
        var settings = new ImageInnerLoop(Steps: steps, LearningRate: 0.1);
        using var images = RandomImages(members * n, 7);
        using var labels = torch.arange(n, ScalarType.Int64);
        using var nets = BatchedCnn.Create([101, 202, 303], m => m, members, torch.CPU);
        var references = Enumerable.Range(0, members).Select(m => new Reference(nets, m)).ToArray();
        var batchedLoss = nets.Train(images.reshape(members, n, Pixels), labels, settings);
        for (int m = 0; m < members; m++)
        {
            using var own = images.narrow(0, m * n, n);
            double loss = references[m].Train(own, labels, steps, 0.1);
            Assert.Equal(loss, batchedLoss[m], 4);
            AssertMemberEquals(nets, m, references[m], 1e-4);
            references[m].Dispose();
        }
        // Training did something: the weights moved away from a fresh copy of the same init.
        using var fresh = BatchedCnn.Create([101UL], _ => 0, 1, torch.CPU);
        using var before = fresh.Dense2Weight[0];
        using var after = nets.Dense2Weight[0];
        using var moved = (after - before).abs().max();
        Assert.True(moved.item<float>() > 1e-3, "training did not change the output layer");
    }

    [Fact]
    public void Per_example_loss_takes_ten_times_larger_steps_than_the_papers_per_entry_loss()
    {
        using var images = RandomImages(10, 3);
        using var labels = torch.arange(10, ScalarType.Int64);
        using var flat = images.reshape(1, 10, Pixels);
        using var a = BatchedCnn.Create([5UL], _ => 0, 1, torch.CPU);
        using var b = BatchedCnn.Create([5UL], _ => 0, 1, torch.CPU);
        using var c = BatchedCnn.Create([5UL], _ => 0, 1, torch.CPU);
        a.Train(flat, labels, new ImageInnerLoop(Steps: 1, LearningRate: 0.1, Loss: LossScale.PerEntry));
        b.Train(flat, labels, new ImageInnerLoop(Steps: 1, LearningRate: 0.01, Loss: LossScale.PerExample));
        c.Train(flat, labels, new ImageInnerLoop(Steps: 1, LearningRate: 0.1, Loss: LossScale.PerExample));
        Assert.True(torch.allclose(a.Dense1Weight, b.Dense1Weight, rtol: 1e-5, atol: 1e-7));
        Assert.False(torch.allclose(a.Dense1Weight, c.Dense1Weight, rtol: 1e-5, atol: 1e-7));
    }

    [Fact]
    public void Evaluation_in_chunks_matches_a_plain_forward_pass()
    {
        const int members = 2, count = 37;
        using var nets = BatchedCnn.Create([1, 2], m => m, members, torch.CPU);
        using var images = RandomImages(count, 9);
        using var g = new Generator(4);
        using var labels = torch.randint(0, 10, [count], generator: g);
        // About 5 images per chunk, so several chunks and a ragged last one.
        var scores = nets.Evaluate(images, labels, new ImageInnerLoop(EvalChunkElements: 5L * members * Pixels * 16));
        for (int m = 0; m < members; m++)
        {
            using var reference = new Reference(nets, m);
            using var noGrad = torch.no_grad();
            using var logits = reference.Logits(images);
            using var hits = logits.argmax(-1).eq(labels).sum();
            using var ce = torch.nn.functional.cross_entropy(logits, labels);
            Assert.Equal(hits.item<long>() / (double)count, scores[m].Accuracy, 12);
            Assert.Equal(ce.item<float>(), scores[m].Loss, 4);
        }
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Same_seed_gives_the_same_network_in_any_batch_and_different_seeds_differ()
    {
        using var batch = BatchedCnn.Create([10, 20], m => 1 - m % 2, 3, torch.CPU);
        using var alone = BatchedCnn.Create([20UL], _ => 0, 1, torch.CPU);
        using var first = batch.Dense1Weight[0];
        using var third = batch.Dense1Weight[2];
        using var second = batch.Dense1Weight[1];
        using var single = alone.Dense1Weight[0];
        Assert.True(torch.allclose(first, single, rtol: 0, atol: 0));
        Assert.True(torch.allclose(third, single, rtol: 0, atol: 0));
        Assert.False(torch.allclose(second, single, rtol: 0, atol: 0));
    }

    [Fact]
    public void Init_follows_lecun_normal_and_small_uniform_biases()
    {
        using var nets = BatchedCnn.Create([42UL], _ => 0, 1, torch.CPU);
        using var w1 = nets.Dense1Weight[0];
        double std = w1.std().item<float>(), expected = 1 / Math.Sqrt(Pixels * 16);
        Assert.InRange(std, expected * 0.98, expected * 1.02);
        using var maxAbs = w1.abs().max();
        Assert.True(maxAbs.item<float>() <= 2 * expected / 0.8796 + 1e-6, "lecun_normal is truncated at 2σ of the untruncated normal");
        using var b1 = nets.Dense1Bias[0];
        Assert.InRange(b1.min().item<float>(), 0f, 0.05f);
        Assert.InRange(b1.max().item<float>(), 0f, 0.05f);
        using var b2 = nets.Dense2Bias[0];
        Assert.Equal(0f, b2.abs().max().item<float>());
    }
}
