namespace Hades.Core.Es;

/// <summary>
/// Everything an evolution strategy carries from one generation to the next. Treated as immutable:
/// <see cref="IEvolutionStrategy.Tell"/> returns a new state. Together with the config and the run seed it
/// determines every future candidate.
/// </summary>
/// <param name="Generation">Number of completed generations (the next generation to evaluate).</param>
/// <param name="Mean">Search distribution mean (the current dataset parameters).</param>
/// <param name="AdamM">OpenAI-ES: Adam first moment (empty for SNES).</param>
/// <param name="AdamV">OpenAI-ES: Adam second moment (empty for SNES).</param>
public sealed record EsState(int Generation, float[] Mean, float[] AdamM, float[] AdamV)
{
    /// <summary>SNES: the per-dimension standard deviations (empty for OpenAI-ES, whose σ is a schedule).</summary>
    public float[] Sigma { get; init; } = [];

    public static EsState Initial(float[] mean) =>
        new(0, (float[])mean.Clone(), new float[mean.Length], new float[mean.Length]);
}
