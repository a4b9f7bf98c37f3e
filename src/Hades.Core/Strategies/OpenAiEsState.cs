namespace Hades.Core.Strategies;

/// <summary>
/// Everything OpenAI-ES carries from one generation to the next. Treated as immutable: <see cref="OpenAiEs.Tell"/>
/// returns a new state. Together with the config and the run seed it determines every future candidate.
/// </summary>
/// <param name="Generation">Number of completed generations (the next generation to evaluate).</param>
/// <param name="Mean">Search distribution mean (the current dataset parameters).</param>
/// <param name="AdamM">Adam first moment.</param>
/// <param name="AdamV">Adam second moment.</param>
public sealed record OpenAiEsState(int Generation, float[] Mean, float[] AdamM, float[] AdamV)
{
    public static OpenAiEsState Initial(float[] mean) =>
        new(0, (float[])mean.Clone(), new float[mean.Length], new float[mean.Length]);
}
