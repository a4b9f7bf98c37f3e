using Hades.Core.DataFree;
using Hades.Host.Cli;

namespace Hades.Tests.Host.Cli;

public class DistilOptionsTests
{
    static DistilConfig Parse(params string[] args) =>
        DistilOptions.All.ApplyAll(HadesCommandLine.Parse(["distil", "--task", "fashion-mnist", "--method", "gas", .. args]), DistilPresets.For("fashion-mnist", "gas"));

    [Fact]
    public void No_pixel_prior_turns_the_gas_image_presets_pixel_prior_off_and_the_label_says_so()
    {
        Assert.True(Parse().PixelPrior);
        var off = Parse("--no-pixel-prior");
        Assert.False(off.PixelPrior);
        Assert.Equal(DistilPresets.For("fashion-mnist", "gas") with { PixelPrior = false }, off);
        Assert.Equal("GAS-style (reconstruction), no pixel prior", Hades.Core.Runs.DistilRunFile.MethodLabel(off));
    }
}
