using Hades.Core.Policies;
using Hades.Core.Training;
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
}
