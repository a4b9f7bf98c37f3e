using Hades.Core.Random;

namespace Hades.Core.Es;

/// <summary>
/// OpenAI-ES (Salimans et al. 2017) in the form HaDES used. Candidate i of generation g is
/// <c>mean + σ·s·z</c>, with pair j = i mod P/2, sign s = +1 for i &lt; P/2 and −1 otherwise (evosax's layout
/// <c>[z, −z]</c>), and <c>z</c> regenerated from <c>CounterRng.Key(seed, g, j)</c>. No noise is stored or sent:
/// any worker rebuilds any candidate from (seed, generation, index).
/// </summary>
public sealed class OpenAiEs(OpenAiEsConfig config, ulong seed) : IEvolutionStrategy
{
    public OpenAiEsConfig Config { get; } = config;
    public ulong Seed { get; } = seed;

    int HalfPopulation => Config.PopulationSize / 2;

    public int PopulationSize => Config.PopulationSize;

    public EsState Initial(float[] mean) => EsState.Initial(mean);

    /// <summary>The antithetic pair's noise vector z (standard normal, length = dimension).</summary>
    public void Noise(int generation, int pair, Span<float> z) =>
        CounterRng.FillNormal(CounterRng.Key(Seed, 0x4E4F495345UL /* "NOISE" */, (ulong)generation, (ulong)pair), z);

    /// <summary>Writes candidate <paramref name="index"/> of the state's generation into <paramref name="candidate"/>.</summary>
    public void Candidate(EsState state, int index, Span<float> candidate)
    {
        if ((uint)index >= (uint)Config.PopulationSize) throw new ArgumentOutOfRangeException(nameof(index));
        int pair = index % HalfPopulation;
        float sign = index < HalfPopulation ? 1f : -1f;
        Noise(state.Generation, pair, candidate);
        float scale = (float)Config.SigmaAt(state.Generation) * sign;
        var mean = state.Mean;
        for (int k = 0; k < candidate.Length; k++) candidate[k] = mean[k] + scale * candidate[k];
    }

    /// <summary>
    /// Applies one generation's fitness (higher is better, one value per candidate in index order) and returns
    /// the next state. σ and the learning rate follow <see cref="OpenAiEsConfig.SigmaAt"/> and
    /// <see cref="OpenAiEsConfig.LearningRateAt"/>. Gradient as evosax: g = −(1/(Pσ))·Σ zᵢ·f̃ᵢ (minimising −f), then bias-corrected Adam:
    /// mean ← mean − lr·m̂/(√v̂ + ε).
    /// </summary>
    public EsState Tell(EsState state, ReadOnlySpan<float> fitness)
    {
        int p = Config.PopulationSize, d = state.Mean.Length;
        if (fitness.Length != p) throw new ArgumentException($"expected {p} fitness values, got {fitness.Length}");
        var shaped = FitnessShaper.Shape(fitness, Config.Shaping);
        var gradient = new double[d];
        var z = new float[d];
        for (int pair = 0; pair < HalfPopulation; pair++)
        {
            Noise(state.Generation, pair, z);
            // candidate pair has noise +z (index pair) and −z (index pair + P/2); minimise −f.
            double weight = -(shaped[pair] - shaped[pair + HalfPopulation]);
            for (int k = 0; k < d; k++) gradient[k] += weight * z[k];
        }
        double scale = 1.0 / (p * Config.SigmaAt(state.Generation));
        double learningRate = Config.LearningRateAt(state.Generation);
        int t = state.Generation + 1;
        double b1 = Config.Beta1, b2 = Config.Beta2;
        double correction1 = 1 - Math.Pow(b1, t), correction2 = 1 - Math.Pow(b2, t);
        var mean = new float[d]; var m = new float[d]; var v = new float[d];
        for (int k = 0; k < d; k++)
        {
            double g = gradient[k] * scale;
            double mk = (1 - b1) * g + b1 * state.AdamM[k];
            double vk = (1 - b2) * g * g + b2 * state.AdamV[k];
            m[k] = (float)mk; v[k] = (float)vk;
            double mHat = mk / correction1, vHat = vk / correction2;
            mean[k] = (float)(state.Mean[k] - learningRate * mHat / (Math.Sqrt(vHat) + Config.Epsilon));
        }
        return new EsState(t, mean, m, v);
    }
}
