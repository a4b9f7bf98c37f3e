using Hades.Core.Random;

namespace Hades.Tests.Core.Random;

public class CounterRngTests
{
    [Fact]
    public void Draws_are_pure_functions_of_key_and_counter()
    {
        Assert.Equal(CounterRng.Uniform(42, 7), CounterRng.Uniform(42, 7));
        Assert.NotEqual(CounterRng.Uniform(42, 7), CounterRng.Uniform(42, 8));
        Assert.NotEqual(CounterRng.Key(1, 2), CounterRng.Key(2, 1));
    }

    [Fact]
    public void Normals_have_unit_moments()
    {
        var values = new float[200_000];
        CounterRng.FillNormal(CounterRng.Key(9, 1), values);
        double mean = values.Average(v => (double)v);
        double variance = values.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
    }

    [Fact]
    public void Uniforms_fill_the_unit_interval_evenly()
    {
        var buckets = new int[10];
        for (ulong i = 0; i < 100_000; i++) buckets[(int)(CounterRng.Uniform(5, i) * 10)]++;
        Assert.All(buckets, b => Assert.InRange(b, 9_500, 10_500));
    }
}
