using Hades.Core;
using Hades.Core.BehaviourDistillation;

namespace Hades.Tests.Core.BehaviourDistillation;

public sealed class ConfigLimitsTests
{
    [Theory]
    [InlineData("population-size 1000000000 is above the limit", 1_000_000_000, 4, 64)]
    [InlineData("dataset-size 10000000 is above the limit", 256, 10_000_000, 64)]
    [InlineData("hidden width 100000 is above the limit", 256, 4, 100_000)]
    public void Sizes_above_the_documented_limits_are_refused(string expected, int population, int datasetSize, int width)
    {
        var config = new HadesConfig { PopulationSize = population, DatasetSize = datasetSize, Hidden = [width, width] };
        var e = Assert.Throws<HadesUserException>(() => config.Validate());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Non_finite_numbers_are_refused_in_any_field()
    {
        Assert.Contains("finite", Assert.Throws<HadesUserException>(() => new HadesConfig { Sigma = double.PositiveInfinity }.Validate()).Message);
        Assert.Contains("finite", Assert.Throws<HadesUserException>(() => new HadesConfig { LrDecay = double.NaN }.Validate()).Message);
    }

    [Fact]
    public void The_defaults_pass()
    {
        Assert.Same(new HadesConfig().Validate().GetType(), typeof(HadesConfig));
    }

    [Fact]
    public void The_memory_estimate_grows_with_every_size()
    {
        var baseline = new HadesConfig();
        double bytes = MemoryEstimate.Bytes(baseline);
        Assert.True(bytes > 0);
        Assert.True(MemoryEstimate.Bytes(baseline with { Hidden = [512, 512] }) > bytes);
        Assert.True(MemoryEstimate.Bytes(baseline with { DatasetSize = 1000 }) > bytes);
        Assert.True(MemoryEstimate.Bytes(baseline with { Episodes = 100 }) > bytes);
        Assert.True(MemoryEstimate.Bytes(baseline with { PopulationSize = 100_000 }) > bytes);
        Assert.True(MemoryEstimate.Bytes(baseline with { Inits = 8 }) > bytes);
    }

    [Fact]
    public void A_config_above_the_available_memory_is_refused_naming_both()
    {
        var config = new HadesConfig { Hidden = [4096, 4096] };
        double need = MemoryEstimate.Bytes(config);
        var e = Assert.Throws<HadesUserException>(() => MemoryEstimate.Check(config, available: need / 2));
        Assert.Contains("needs about", e.Message);
        Assert.Contains("available", e.Message);
        MemoryEstimate.Check(config, available: need * 2); // fits: no exception
    }
}
