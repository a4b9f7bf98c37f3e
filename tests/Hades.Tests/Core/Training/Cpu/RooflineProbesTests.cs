using System.Runtime.Intrinsics;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary>The FMA probe's one body for both vector widths runs what it counts: 12 chains of 4,096 fused
/// multiply-adds per lane (a multiply then an add would round twice and end elsewhere).</summary>
public sealed class RooflineProbesTests
{
    /// <summary>One lane of one chain, as the probe runs it, and the probe's sum of 12 equal chains.</summary>
    static float ExpectedSink()
    {
        float s = 1e-7f;
        for (int r = 0; r < 4096; r++) s = MathF.FusedMultiplyAdd(s, 0.999f, 1e-7f);
        return 12f * s; // (4s + 4s) + (2s + 2s) = 8s + 4s: exact but for the last rounding, as 12 × s
    }

    [Fact]
    public void Both_widths_run_twelve_fused_chains_of_4096_rounds_and_count_two_flops_per_lane_each()
    {
        Assert.Equal(4096 * 12.0 * 8 * 2, RooflineProbes.FmaChains<RooflineProbes.Lanes256, Vector256<float>>());
        Assert.Equal(ExpectedSink(), RooflineProbes.Sink);
        RooflineProbes.Sink = 0;
        Assert.Equal(4096 * 12.0 * 16 * 2, RooflineProbes.FmaChains<RooflineProbes.Lanes512, Vector512<float>>());
        Assert.Equal(ExpectedSink(), RooflineProbes.Sink);
    }
}
