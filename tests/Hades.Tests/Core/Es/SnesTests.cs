using Hades.Core.Es;

namespace Hades.Tests.Core.Es;

public sealed class SnesTests
{
    static float Z(Snes es, int generation, int index)
    {
        var z = new float[1];
        es.Noise(generation, index, z);
        return z[0];
    }

    [Fact]
    public void Rank_weights_are_the_temperature_softmax_over_centred_ranks()
    {
        // N = 3, T = 20: centred ranks −0.5, 0, 0.5 → logits 10, 0, −10
        double norm = 1 + Math.Exp(-10) + Math.Exp(-20);
        var w = Snes.RankWeights(3, 20);
        Assert.Equal(1 / norm, w[0], 12);
        Assert.Equal(Math.Exp(-10) / norm, w[1], 12);
        Assert.Equal(Math.Exp(-20) / norm, w[2], 12);
        Assert.Equal(1.0, Snes.RankWeights(64, 20).Sum(), 12);
    }

    [Fact]
    public void Default_sigma_learning_rate_is_evosax_formula()
    {
        var config = new SnesConfig(8);
        Assert.Equal((3 + Math.Log(6400)) / (5 * 80), config.SigmaLearningRate(6400), 12);
        Assert.Equal(0.029, config.SigmaLearningRate(6400), 3);
    }

    [Fact]
    public void Update_matches_a_hand_computed_example()
    {
        // d = 1, N = 2, T = 2 → weights e/(e+1/e), (1/e)/(e+1/e) for best, second.
        var es = new Snes(new SnesConfig(2, SigmaInit: 0.5, Temperature: 2, LearningRateMean: 1.0, LearningRateSigma: 0.1), seed: 9);
        var state = es.Initial([0.25f]);
        float z0 = Z(es, 0, 0), z1 = Z(es, 0, 1);
        var c0 = new float[1]; var c1 = new float[1];
        es.Candidate(state, 0, c0); es.Candidate(state, 1, c1);
        Assert.Equal(0.25f + 0.5f * z0, c0[0], 6);
        Assert.Equal(0.25f + 0.5f * z1, c1[0], 6);

        var next = es.Tell(state, [1f, 3f]); // candidate 1 is best
        double wBest = Math.E / (Math.E + 1 / Math.E), wSecond = (1 / Math.E) / (Math.E + 1 / Math.E);
        double gradMean = wBest * z1 + wSecond * z0;
        double gradSigma = wBest * (z1 * z1 - 1) + wSecond * (z0 * z0 - 1);
        Assert.Equal(1, next.Generation);
        Assert.Equal(0.25 + 1.0 * 0.5 * gradMean, next.Mean[0], 5);
        Assert.Equal(0.5 * Math.Exp(0.1 / 2 * gradSigma), next.Sigma[0], 5);
        Assert.Empty(next.AdamM);
    }

    [Fact]
    public void Equal_fitness_keeps_index_order_and_a_new_generation_draws_new_noise()
    {
        var es = new Snes(new SnesConfig(4), seed: 1);
        var state = es.Initial(new float[3]);
        var a = es.Tell(state, [1f, 1f, 1f, 1f]);
        var b = es.Tell(state, [1f, 1f, 1f, 1f]);
        Assert.Equal(a.Mean, b.Mean);
        Assert.NotEqual(Z(es, 0, 0), Z(es, 1, 0));
    }

    [Fact]
    public void Maximises_a_quadratic()
    {
        float[] target = [1.5f, -2f, 0.5f, 3f, -1f];
        var es = new Snes(new SnesConfig(32, SigmaInit: 1.0), seed: 4);
        var state = es.Initial(new float[target.Length]);
        var x = new float[target.Length];
        for (int g = 0; g < 300; g++)
        {
            var fitness = new float[32];
            for (int i = 0; i < 32; i++)
            {
                es.Candidate(state, i, x);
                fitness[i] = -x.Zip(target, (u, t) => (u - t) * (u - t)).Sum();
            }
            state = es.Tell(state, fitness);
        }
        for (int k = 0; k < target.Length; k++) Assert.InRange(state.Mean[k], target[k] - 0.05, target[k] + 0.05);
        Assert.All(state.Sigma, s => Assert.True(s < 0.1, $"σ {s} should have shrunk"));
    }

    [Fact]
    public void Bad_settings_are_user_errors()
    {
        Assert.Throws<Hades.Core.HadesUserException>(() => new SnesConfig(1).Validate());
        Assert.Throws<Hades.Core.HadesUserException>(() => new SnesConfig(4, SigmaInit: 0).Validate());
    }
}
