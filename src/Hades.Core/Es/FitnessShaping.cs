namespace Hades.Core.Es;

public enum FitnessShaping
{
    /// <summary>Raw fitness (the paper's setting: evosax ≤ 0.1.4 OpenES with only the maximise sign flip).</summary>
    Raw,
    /// <summary>Centred ranks in [-0.5, 0.5] (Salimans et al.); ties broken by candidate index.</summary>
    CentredRank,
}

public static class FitnessShaper
{
    public static double[] Shape(ReadOnlySpan<float> fitness, FitnessShaping shaping)
    {
        var shaped = new double[fitness.Length];
        if (shaping == FitnessShaping.Raw)
        {
            for (int i = 0; i < fitness.Length; i++) shaped[i] = fitness[i];
            return shaped;
        }
        var f = fitness.ToArray();
        var order = Enumerable.Range(0, f.Length).OrderBy(i => f[i]).ThenBy(i => i).ToArray();
        double denominator = Math.Max(1, f.Length - 1);
        for (int rank = 0; rank < order.Length; rank++) shaped[order[rank]] = rank / denominator - 0.5;
        return shaped;
    }

    public static FitnessShaping Parse(string text) => text.ToLowerInvariant() switch
    {
        "raw" or "none" => FitnessShaping.Raw,
        "rank" or "centred-rank" or "centered-rank" => FitnessShaping.CentredRank,
        _ => throw new HadesUserException($"unknown fitness shaping '{text}' (expected raw or rank)"),
    };
}
