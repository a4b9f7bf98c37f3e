using Hades.Core.Random;

namespace Hades.Core.Es;

/// <summary>
/// Separable natural evolution strategy (Schaul et al. 2011) in evosax's form. Candidate i of generation g is
/// <c>mean + σ ⊙ zᵢ</c> with <c>zᵢ</c> from <c>CounterRng.Key(seed, "SNES", g, i)</c> (no antithetic pairs).
/// Update with candidates sorted best first (rank r = 0 … N−1) and weights
/// <c>w_r = softmax_r(−T·(r/(N−1) − 0.5))</c> (summing to 1, no baseline):
/// <c>mean += η_μ · σ ⊙ Σ w_r z_(r)</c>, <c>σ ⊙= exp(η_σ/2 · Σ w_r (z_(r)² − 1))</c>.
/// </summary>
public sealed class Snes(SnesConfig config, ulong seed) : IEvolutionStrategy
{
    const ulong NoiseLabel = 0x534E4553UL; // "SNES"

    public SnesConfig Config { get; } = config;
    public ulong Seed { get; } = seed;
    public int PopulationSize => Config.PopulationSize;

    public EsState Initial(float[] mean) =>
        new EsState(0, (float[])mean.Clone(), [], []) { Sigma = Enumerable.Repeat((float)Config.SigmaInit, mean.Length).ToArray() };

    public void Noise(int generation, int index, Span<float> z) =>
        CounterRng.FillNormal(CounterRng.Key(Seed, NoiseLabel, (ulong)generation, (ulong)index), z);

    public void Candidate(EsState state, int index, Span<float> candidate)
    {
        if ((uint)index >= (uint)Config.PopulationSize) throw new ArgumentOutOfRangeException(nameof(index));
        RequireSigma(state);
        Noise(state.Generation, index, candidate);
        for (int k = 0; k < candidate.Length; k++) candidate[k] = state.Mean[k] + state.Sigma[k] * candidate[k];
    }

    /// <summary>The recombination weights by rank (best first).</summary>
    public static double[] RankWeights(int populationSize, double temperature)
    {
        var logits = new double[populationSize];
        for (int r = 0; r < populationSize; r++) logits[r] = -temperature * ((double)r / (populationSize - 1) - 0.5);
        double max = logits.Max(), sum = 0;
        var w = new double[populationSize];
        for (int r = 0; r < populationSize; r++) sum += w[r] = Math.Exp(logits[r] - max);
        for (int r = 0; r < populationSize; r++) w[r] /= sum;
        return w;
    }

    public EsState Tell(EsState state, ReadOnlySpan<float> fitness)
    {
        int p = Config.PopulationSize, d = state.Mean.Length;
        if (fitness.Length != p) throw new ArgumentException($"expected {p} fitness values, got {fitness.Length}");
        RequireSigma(state);
        var f = fitness.ToArray();
        // best first; ties keep index order (a stable sort, as argsort of the negated fitness)
        var order = Enumerable.Range(0, p).OrderByDescending(i => f[i]).ToArray();
        var weights = RankWeights(p, Config.Temperature);
        var gradMean = new double[d];
        var gradSigma = new double[d];
        var z = new float[d];
        for (int r = 0; r < p; r++)
        {
            Noise(state.Generation, order[r], z);
            double w = weights[r];
            for (int k = 0; k < d; k++)
            {
                gradMean[k] += w * z[k];
                gradSigma[k] += w * ((double)z[k] * z[k] - 1);
            }
        }
        double etaSigma = Config.SigmaLearningRate(d);
        var mean = new float[d];
        var sigma = new float[d];
        for (int k = 0; k < d; k++)
        {
            mean[k] = (float)(state.Mean[k] + Config.LearningRateMean * state.Sigma[k] * gradMean[k]);
            sigma[k] = (float)(state.Sigma[k] * Math.Exp(etaSigma / 2 * gradSigma[k]));
        }
        return new EsState(state.Generation + 1, mean, [], []) { Sigma = sigma };
    }

    void RequireSigma(EsState state)
    {
        if (state.Sigma.Length != state.Mean.Length)
            throw new ArgumentException($"SNES state needs one σ per dimension (mean {state.Mean.Length}, σ {state.Sigma.Length})");
    }
}
