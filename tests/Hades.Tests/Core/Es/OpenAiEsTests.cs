using Hades.Core.Es;

namespace Hades.Tests.Core.Es;

public class OpenAiEsTests
{
    static float[] Noise(OpenAiEs es, int generation, int pair, int d)
    {
        var z = new float[d];
        es.Noise(generation, pair, z);
        return z;
    }

    [Fact]
    public void Candidates_are_antithetic_pairs_around_the_mean()
    {
        var es = new OpenAiEs(new OpenAiEsConfig(4, Sigma: 0.5), seed: 7);
        var state = EsState.Initial([1f, -2f, 3f]);
        var z0 = Noise(es, 0, 0, 3);
        var z1 = Noise(es, 0, 1, 3);
        var c = new float[4][];
        for (int i = 0; i < 4; i++) { c[i] = new float[3]; es.Candidate(state, i, c[i]); }
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(state.Mean[k] + 0.5f * z0[k], c[0][k], 6);
            Assert.Equal(state.Mean[k] + 0.5f * z1[k], c[1][k], 6);
            Assert.Equal(state.Mean[k] - 0.5f * z0[k], c[2][k], 6);
            Assert.Equal(state.Mean[k] - 0.5f * z1[k], c[3][k], 6);
        }
        Assert.NotEqual(z0, z1);
    }

    [Fact]
    public void First_update_matches_hand_computed_adam_step()
    {
        // P = 2 (one pair), σ = 0.5, lr = 0.1, fitness f+ = 3, f− = 1, raw shaping.
        // g = −(1/(Pσ))·(f+ − f−)·z = −2z;  m = 0.01·g;  v = 0.001·g²;  m̂ = g;  v̂ = g²
        // mean₁ = 0 − 0.1·g/(|g| + 1e−8) = 0.1·sign(z)  (to 1e−8 relative)
        var es = new OpenAiEs(new OpenAiEsConfig(2, Sigma: 0.5, LearningRate: 0.1), seed: 3);
        var z = Noise(es, 0, 0, 4);
        var next = es.Tell(EsState.Initial(new float[4]), [3f, 1f]);
        Assert.Equal(1, next.Generation);
        for (int k = 0; k < 4; k++)
        {
            double g = -2.0 * z[k];
            Assert.Equal(0.1 * Math.Sign(z[k]), next.Mean[k], 6);
            Assert.Equal(0.01 * g, next.AdamM[k], 6);
            Assert.Equal(0.001 * g * g, next.AdamV[k], 6);
        }
    }

    [Fact]
    public void Second_update_matches_hand_computed_bias_corrected_adam()
    {
        var es = new OpenAiEs(new OpenAiEsConfig(2, Sigma: 1.0, LearningRate: 0.05), seed: 11);
        var s1 = es.Tell(EsState.Initial(new float[1]), [2f, 0f]);
        var z1 = Noise(es, 1, 0, 1)[0];
        var s2 = es.Tell(s1, [0f, 4f]);
        var z0 = Noise(es, 0, 0, 1)[0];
        // by hand: g0 = −(1/2)(2 − 0)z0 = −z0;   g1 = −(1/2)(0 − 4)z1 = 2z1
        double g0 = -z0, g1 = 2 * z1;
        double m1 = 0.01 * g0, v1 = 0.001 * g0 * g0;
        double mean1 = -0.05 * (m1 / 0.01) / (Math.Sqrt(v1 / 0.001) + 1e-8);
        double m2 = 0.01 * g1 + 0.99 * m1, v2 = 0.001 * g1 * g1 + 0.999 * v1;
        double mHat = m2 / (1 - 0.99 * 0.99), vHat = v2 / (1 - 0.999 * 0.999);
        double mean2 = mean1 - 0.05 * mHat / (Math.Sqrt(vHat) + 1e-8);
        Assert.Equal(mean1, s1.Mean[0], 5);
        Assert.Equal(mean2, s2.Mean[0], 5);
        Assert.Equal(2, s2.Generation);
    }

    [Fact]
    public void Ascends_a_simple_quadratic()
    {
        // maximise −|x − 1|²: the mean should approach 1 in every coordinate.
        var es = new OpenAiEs(new OpenAiEsConfig(64, Sigma: 0.1, LearningRate: 0.02), seed: 1);
        var state = EsState.Initial(new float[5]);
        var x = new float[5];
        for (int g = 0; g < 600; g++)
        {
            var f = new float[64];
            for (int i = 0; i < 64; i++) { es.Candidate(state, i, x); f[i] = -x.Sum(v => (v - 1) * (v - 1)); }
            state = es.Tell(state, f);
        }
        Assert.True(state.Mean.All(v => v is > 0.9f and < 1.1f), string.Join(", ", state.Mean));
    }

    [Fact]
    public void Same_seed_same_generation_gives_same_noise_in_any_order()
    {
        var a = new OpenAiEs(new OpenAiEsConfig(8), 5);
        var b = new OpenAiEs(new OpenAiEsConfig(8), 5);
        Assert.Equal(Noise(a, 3, 2, 10), Noise(b, 3, 2, 10));
        Assert.NotEqual(Noise(a, 3, 2, 10), Noise(a, 4, 2, 10));
        Assert.NotEqual(Noise(a, 3, 2, 10), Noise(new OpenAiEs(new OpenAiEsConfig(8), 6), 3, 2, 10));
    }

    [Fact]
    public void Centred_ranks_span_minus_half_to_half()
    {
        var shaped = FitnessShaper.Shape([10f, -3f, 7f, 7f, 0f], FitnessShaping.CentredRank);
        Assert.Equal([0.5, -0.5, 0.0, 0.25, -0.25], shaped);
    }

    [Fact]
    public void Odd_population_is_rejected()
    {
        var e = Assert.Throws<Hades.Core.HadesUserException>(() => new OpenAiEsConfig(5).Validate());
        Assert.Contains("even", e.Message);
    }

    [Fact]
    public void Sigma_and_learning_rate_decay_to_their_limits()
    {
        var config = new OpenAiEsConfig(4, Sigma: 0.02, LearningRate: 0.01, SigmaDecay: 0.999, SigmaLimit: 0.001,
            LearningRateDecay: 0.999, LearningRateLimit: 0.005);
        Assert.Equal(0.02 * Math.Pow(0.999, 1000), config.SigmaAt(1000), 12);
        Assert.Equal(0.001, config.SigmaAt(10_000), 12);
        Assert.Equal(0.005, config.LearningRateAt(1000), 12);
        // candidates of generation g use σ_g: the pair's spread is 2·σ_g·z
        var es = new OpenAiEs(config, seed: 2);
        var state = EsState.Initial(new float[1]) with { Generation = 1000 };
        var plus = new float[1]; var minus = new float[1]; var z = new float[1];
        es.Candidate(state, 0, plus); es.Candidate(state, 2, minus); es.Noise(1000, 0, z);
        Assert.Equal(2 * config.SigmaAt(1000) * z[0], plus[0] - minus[0], 6);
    }
}
