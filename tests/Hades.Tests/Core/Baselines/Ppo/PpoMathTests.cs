using Hades.Core.Baselines.Ppo;
using Hades.Core.Policies;
using TorchSharp;

namespace Hades.Tests.Core.Baselines.Ppo;

/// <summary>The pieces of PPO against values worked out by hand.</summary>
public class PpoMathTests
{
    [Fact]
    public void Gae_matches_a_hand_computed_three_step_example()
    {
        // γ = 0.9, λ = 0.8 (γλ = 0.72); rewards 1, 2, 3; values 0.5, 1, 1.5; V after the last step 2.
        // δ2 = 3 + 0.9·2 − 1.5 = 3.3             A2 = 3.3
        // δ1 = 2 + 0.9·1.5 − 1 = 2.35           A1 = 2.35 + 0.72·3.3 = 4.726
        // δ0 = 1 + 0.9·1 − 0.5 = 1.4            A0 = 1.4 + 0.72·4.726 = 4.80272
        var (adv, ret) = Gae.Compute([1f, 2f, 3f], [0.5f, 1f, 1.5f], [0, 0, 0], [2f], steps: 3, envs: 1, 0.9, 0.8);
        Assert.Equal([4.80272, 4.726, 3.3], adv.Select(a => Math.Round(a, 5)));
        Assert.Equal([5.30272, 5.726, 4.8], ret.Select(r => Math.Round(r, 5)));
    }

    [Fact]
    public void Gae_stops_at_episode_ends_and_keeps_instances_apart()
    {
        // Two instances, step-major. Instance 0 as above; instance 1 ends its episode at step 1, so step 1 is not
        // bootstrapped and step 0 sees only step 1: δ1 = 2 − 1 = 1 = A1, A0 = 1.4 + 0.72·1 = 2.12, A2 = 3.3.
        var (adv, _) = Gae.Compute(
            rewards: [1f, 1f, 2f, 2f, 3f, 3f],
            values: [0.5f, 0.5f, 1f, 1f, 1.5f, 1.5f],
            dones: [0, 0, 0, 1, 0, 0],
            lastValues: [2f, 2f], steps: 3, envs: 2, 0.9, 0.8);
        Assert.Equal([4.80272, 2.12, 4.726, 1.0, 3.3, 3.3], adv.Select(a => Math.Round(a, 5)));
    }

    [Fact]
    public void Clipped_surrogate_matches_a_hand_computed_example()
    {
        // ratios 1, 1.5, 0.5, 0.5, 1.5 with advantages 1, 2, −1, 1, −1 and ε = 0.2:
        // min(r·A, clip(r)·A) = 1, min(3, 2.4) = 2.4, min(−0.5, −0.8) = −0.8, min(0.5, 0.8) = 0.5, min(−1.5, −1.2) = −1.5
        // loss = −(1 + 2.4 − 0.8 + 0.5 − 1.5)/5 = −0.32
        using var newLogProb = torch.tensor(new[] { 0f, MathF.Log(1.5f), MathF.Log(0.5f), MathF.Log(0.5f), MathF.Log(1.5f) }).requires_grad_(true);
        using var oldLogProb = torch.zeros(5);
        using var advantages = torch.tensor(new[] { 1f, 2f, -1f, 1f, -1f });
        using var loss = PpoLoss.ClippedSurrogate(newLogProb, oldLogProb, advantages, 0.2);
        Assert.Equal(-0.32, loss.item<float>(), 5);

        // Where the clipped term is the minimum (elements 1 and 2) the gradient vanishes; elsewhere
        // d(−r·A/5)/d log r = −r·A/5: −0.2, −0.1 and 0.3.
        loss.backward();
        var grad = newLogProb.grad!.data<float>().ToArray();
        Assert.Equal([-0.2, 0.0, 0.0, -0.1, 0.3], grad.Select(g => Math.Round(g, 5)));
    }

    [Fact]
    public void Gaussian_log_prob_and_entropy_match_hand_computed_values()
    {
        // N(1.5 | 0.5, 2²): z = 0.5 → −0.125 − ln 2 − ½ln 2π = −1.7370857
        // N(0 | −1, 1):     z = 1   → −0.5 − 0 − ½ln 2π = −1.4189385; summed over the two actions: −3.1560242
        using var mean = torch.tensor(new[] { 0.5f, -1f }, [1, 2]);
        using var logStd = torch.tensor(new[] { MathF.Log(2f), 0f });
        using var action = torch.tensor(new[] { 1.5f, 0f }, [1, 2]);
        using var logProb = Gaussian.LogProb(mean, logStd, action);
        Assert.Equal(-3.1560242, logProb.item<float>(), 5);
        using var oneDim = Gaussian.LogProb(mean.narrow(1, 0, 1), logStd.narrow(0, 0, 1), action.narrow(1, 0, 1));
        Assert.Equal(-1.7370857, oneDim.item<float>(), 5);
        // entropy: Σ (log σ + ½ + ½ln 2π) = (ln 2 + 1.4189385) + 1.4189385 = 3.5310242
        using var entropy = Gaussian.Entropy(logStd);
        Assert.Equal(3.5310242, entropy.item<float>(), 5);
    }

    [Fact]
    public void Value_loss_is_half_the_mean_squared_error()
    {
        using var v = torch.tensor(new[] { 1f, 2f, 3f });
        using var r = torch.tensor(new[] { 2f, 2f, 1f });
        using var loss = PpoLoss.Value(v, r);
        Assert.Equal(0.5 * (1 + 0 + 4) / 3.0, loss.item<float>(), 6);
    }

    [Fact]
    public void Orthogonal_init_has_orthonormal_columns_scaled_by_the_gain()
    {
        using var g = new torch.Generator(7);
        using var w = PpoNetwork.Orthogonal(64, 4, 2.0, g);   // [in = 64, out = 4]
        using var gram = w.t().mm(w);
        using var expected = torch.eye(4) * 4.0;
        Assert.True(torch.allclose(gram, expected, rtol: 0, atol: 1e-4));
        using var wide = PpoNetwork.Orthogonal(4, 64, 1.0, g);
        using var gramWide = wide.mm(wide.t());
        Assert.True(torch.allclose(gramWide, torch.eye(4), rtol: 0, atol: 1e-4));
    }
}
