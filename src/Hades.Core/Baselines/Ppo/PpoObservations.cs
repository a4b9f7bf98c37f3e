using Hades.Core.Envs;

namespace Hades.Core.Baselines.Ppo;

/// <summary>The observation transform in front of the PPO networks: identity, or (obs − mean)/std with the task's
/// fixed constants (<see cref="ObservationStats"/>).</summary>
internal static class PpoObservations
{
    public static (float[]? Offset, float[]? Scale) Normaliser(PpoConfig config)
    {
        if (!config.NormaliseObservations) return (null, null);
        var (mean, std) = ObservationStats.For(config.Task);
        return (mean, std);
    }

    public static void Normalise(ReadOnlySpan<float> raw, Span<float> output, float[]? offset, float[]? scale)
    {
        if (offset is null || scale is null) { raw.CopyTo(output); return; }
        int o = offset.Length;
        for (int j = 0; j < raw.Length; j++) output[j] = (raw[j] - offset[j % o]) / scale[j % o];
    }
}
