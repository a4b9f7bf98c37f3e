using Hades.Core.Policies;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

public class MemberStepTrafficTests
{
    [Fact]
    public void A_breakout_512_512_step_streams_the_state_twice_and_the_weights()
    {
        var layout = new MemberLayout(new MlpShape(400, [512, 512], 6, Activation.Relu), 16);
        Assert.Equal(471_046, layout.Count);
        var traffic = MemberStepTraffic.Of(layout);
        Assert.Equal(24.0 * 471_046, traffic.StateBytes);                          // θ, m, v read and written
        Assert.Equal(4.0 * (400 * 512 + 512 * 512 + 512 * 6), traffic.ForwardWeightBytes);
        Assert.Equal(4.0 * (512 * 512 + 512 * 6), traffic.InputGradientWeightBytes); // not the first layer's
        Assert.Equal(4.0 * 2 * 16 * (512 + 512 + 6), traffic.ActivationBytes);
        Assert.Equal(traffic.StateBytes + traffic.ForwardWeightBytes + traffic.InputGradientWeightBytes, traffic.StreamedBytes);
        Assert.Equal(12.0 * 471_046, MemberStepTraffic.StateFootprint(layout));
    }
}
