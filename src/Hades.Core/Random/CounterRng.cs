namespace Hades.Core.Random;

/// <summary>
/// Counter-based random numbers: every draw is a pure function of (key, counter), so any process can
/// regenerate any number without replaying a stream. The mixer is SplitMix64's finaliser applied to a
/// key/counter combination; it passes BigCrush as a stream generator and is more than enough for ES noise,
/// policy inits and environment resets.
/// </summary>
public static class CounterRng
{
    const ulong Golden = 0x9E3779B97F4A7C15UL;

    public static ulong Mix(ulong z)
    {
        z += Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Derives a child key from a parent key and a label (e.g. generation, candidate index).</summary>
    public static ulong Key(ulong parent, ulong label) => Mix(parent ^ Mix(label + 0x632BE59BD9B4E019UL));

    public static ulong Key(ulong parent, ulong a, ulong b) => Key(Key(parent, a), b);

    public static ulong Key(ulong parent, ulong a, ulong b, ulong c) => Key(Key(Key(parent, a), b), c);

    /// <summary>Raw 64 random bits for (key, counter).</summary>
    public static ulong Bits(ulong key, ulong counter) => Mix(key ^ Mix(counter * Golden));

    /// <summary>Uniform in [0, 1) with 53 bits of precision.</summary>
    public static double Uniform(ulong key, ulong counter) => (Bits(key, counter) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public static double Uniform(ulong key, ulong counter, double low, double high) =>
        low + (high - low) * Uniform(key, counter);

    /// <summary>Standard normal via Box-Muller on two counter draws (2·counter and 2·counter+1).</summary>
    public static double Normal(ulong key, ulong counter)
    {
        double u1 = 1.0 - Uniform(key, 2 * counter);      // (0, 1]
        double u2 = Uniform(key, 2 * counter + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="output"/> with standard normals for counters 0..n-1 of <paramref name="key"/>.</summary>
    public static void FillNormal(ulong key, Span<float> output)
    {
        for (int i = 0; i < output.Length; i++) output[i] = (float)Normal(key, (ulong)i);
    }
}
