using Hades.Core.Policies;
using Hades.Core.Training;
using Hades.Core.Training.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Tests.Core.Training;

public sealed class GaussianTrainingTests
{
    [Fact]
    public void Log_prob_and_nll_match_hand_computation()
    {
        // one member, two pairs, two action dims; σ = exp(logStd)
        using var mean = torch.tensor(new float[] { 0.5f, -1f, 0f, 2f }, [1, 2, 2]);
        using var logStd = torch.tensor(new float[] { 0f, (float)Math.Log(2) }, [1, 1, 2]);
        using var label = torch.tensor(new float[] { 1.5f, -1f, 0f, 0f }, [1, 2, 2]);
        double c = 0.5 * Math.Log(2 * Math.PI);
        // pair 0: z = (1, 0) → −0.5·1 − 0 − c + (−0 − ln2 − c)
        double lp0 = -0.5 - c + (-Math.Log(2) - c);
        // pair 1: z = (0, −1) → −c + (−0.5 − ln2 − c)
        double lp1 = -c + (-0.5 - Math.Log(2) - c);
        var lp = Gaussian.LogProb(mean, logStd, label).data<float>().ToArray();
        Assert.Equal(lp0, lp[0], 5);
        Assert.Equal(lp1, lp[1], 5);
        Assert.Equal(-(lp0 + lp1) / 2, Gaussian.SummedMeanNll(mean, logStd, label).item<float>(), 5);
        Assert.Equal(2 * c + 1 + Math.Log(2), Gaussian.Entropy(logStd).item<float>(), 5);
    }

    [Fact]
    public void Per_member_clipping_equals_clipping_each_member_alone()
    {
        using var a = new TorchSharp.Modules.Parameter(torch.zeros(2, 3));
        using var b = new TorchSharp.Modules.Parameter(torch.zeros(2, 1, 2));
        a.grad = torch.tensor(new float[] { 3, 0, 0, 0.1f, 0, 0 }, [2, 3]);
        b.grad = torch.tensor(new float[] { 4, 0, 0, 0.2f }, [2, 1, 2]);
        GradientClipping.ClipPerMember([a, b], 1.0);
        // member 0: norm 5 → scaled by 1/5; member 1: norm √0.05 < 1 → unchanged
        Assert.Equal([0.6f, 0, 0, 0.1f, 0, 0], a.grad.data<float>().ToArray());
        var bg = b.grad.data<float>().ToArray();
        Assert.Equal(0.8f, bg[0], 5);
        Assert.Equal(0.2f, bg[3], 5);
    }

    [Fact]
    public void Training_fits_the_action_targets_and_shrinks_the_std()
    {
        var shape = new MlpShape(2, [32, 32], 1, Activation.Tanh);
        using var policies = BatchedMlp.Create(shape, [1UL, 2UL], m => m, 2, torch.CPU);
        using var logStd = GaussianPolicyTrainer.NewLogStd(2, 1, torch.CPU);
        float[] states = [1, 0, 0, 1, -1, 0, 0, -1];
        float[] targets = [0.8f, -0.5f, -0.8f, 0.5f];
        using var s = torch.tensor(states.Concat(states).ToArray(), [2, 4, 2]);
        using var t = torch.tensor(targets.Concat(targets).ToArray(), [2, 4, 1]);
        var settings = new InnerLoopSettings([32, 32], Activation.Tanh, 300, 5e-3, GradClip: 0.5);
        GaussianPolicyTrainer.Train(policies, logStd, s, t, settings);
        using var noGrad = torch.no_grad();
        var fitted = policies.Forward(s).data<float>().ToArray();
        for (int i = 0; i < 8; i++) Assert.InRange(fitted[i], targets[i % 4] - 0.1, targets[i % 4] + 0.1);
        Assert.All(logStd.data<float>().ToArray(), v => Assert.True(v < -0.5, $"log-std {v} should fall as the fit tightens"));
    }

    [Theory]
    [InlineData("tanh", 0.5, 64)]
    [InlineData("tanh", 0.0, 64)]
    [InlineData("relu", 0.5, 5)]
    public void Fused_training_matches_torch_autograd_and_Adam(string activation, double clip, int pairs)
    {
        var act = ActivationExtensions.Parse(activation);
        var shape = new MlpShape(11, [40, 24], 3, act);
        var settings = new InnerLoopSettings([40, 24], act, 40, 5e-3, GradClip: clip);
        ulong[] seeds = [5, 6];
        using var states = torch.randn(4, pairs, 11, generator: new Generator(7));
        using var actions = torch.randn(4, pairs, 3, generator: new Generator(8));
        using var fused = BatchedMlp.Create(shape, seeds, m => m % 2, 4, torch.CPU);
        using var reference = BatchedMlp.Create(shape, seeds, m => m % 2, 4, torch.CPU);
        using var untrained = BatchedMlp.Create(shape, seeds, m => m % 2, 4, torch.CPU);
        using var fusedStd = GaussianPolicyTrainer.NewLogStd(4, 3, torch.CPU);
        using var referenceStd = GaussianPolicyTrainer.NewLogStd(4, 3, torch.CPU);
        Assert.True(FusedGaussianTrainer.Supports(fused, fusedStd, states, actions));
        GaussianPolicyTrainer.Train(fused, fusedStd, states, actions, settings);
        GaussianPolicyTrainer.TrainWithAutograd(reference, referenceStd, states, actions, settings);
        // libtorch sums in another order; Adam scales every step to about the learning rate whatever the gradient's
        // size, so on a parameter whose gradient is near zero (a bias's sum over the pairs cancelling) the reordering
        // shows as a fraction of a step: up to 1.5 % here after 40 steps
        const double atol = 5e-3 / 20;
        for (int l = 0; l < 3; l++)
        {
            Assert.True(torch.allclose(fused.Weights[l], reference.Weights[l], rtol: 1e-4, atol: atol), $"layer {l} weights differ from autograd");
            Assert.True(torch.allclose(fused.Biases[l], reference.Biases[l], rtol: 1e-4, atol: atol), $"layer {l} biases differ from autograd: max {(fused.Biases[l] - reference.Biases[l]).abs().max().item<float>()} of {reference.Biases[l].abs().max().item<float>()}");
            Assert.False(torch.allclose(fused.Weights[l], untrained.Weights[l], rtol: 0, atol: 1e-4), $"layer {l} did not train");
        }
        Assert.True(torch.allclose(fusedStd, referenceStd, rtol: 1e-4, atol: atol), "log-std differs from autograd");
        Assert.False(torch.allclose(fusedStd, torch.zeros_like(fusedStd), rtol: 0, atol: 1e-4), "log-std did not train");
    }

    [Fact]
    public void Fused_training_is_bit_identical_for_any_thread_count_and_batch()
    {
        var shape = new MlpShape(6, [24, 24], 2, Activation.Tanh);
        var settings = new InnerLoopSettings([24, 24], Activation.Tanh, 15, 5e-3, GradClip: 0.5);
        ulong[] seeds = [1, 2, 3];
        using var states = torch.randn(3, 8, 6, generator: new Generator(1));
        using var actions = torch.randn(3, 8, 2, generator: new Generator(2));
        using var one = BatchedMlp.Create(shape, seeds, m => m, 3, torch.CPU);
        using var two = BatchedMlp.Create(shape, seeds, m => m, 3, torch.CPU);
        using var oneStd = GaussianPolicyTrainer.NewLogStd(3, 2, torch.CPU);
        using var twoStd = GaussianPolicyTrainer.NewLogStd(3, 2, torch.CPU);
        FusedGaussianTrainer.Train(one, oneStd, states, actions, settings, threads: 1);
        FusedGaussianTrainer.Train(two, twoStd, states, actions, settings, threads: 2);
        Assert.Equal(oneStd.data<float>().ToArray(), twoStd.data<float>().ToArray());
        for (int m = 0; m < 3; m++)
        {
            Assert.Equal(one.Flatten(m), two.Flatten(m));
            using var alone = BatchedMlp.Create(shape, [seeds[m]], _ => 0, 1, torch.CPU);
            using var aloneStd = GaussianPolicyTrainer.NewLogStd(1, 2, torch.CPU);
            using var ownStates = states[m].unsqueeze(0);
            using var ownActions = actions[m].unsqueeze(0);
            FusedGaussianTrainer.Train(alone, aloneStd, ownStates, ownActions, settings, threads: 1);
            Assert.Equal(one.Flatten(m), alone.Flatten(0));
            Assert.Equal(oneStd.data<float>().Skip(2 * m).Take(2).ToArray(), aloneStd.data<float>().ToArray());
        }
    }
}
