using System.Runtime.Intrinsics;
using Hades.Core.Policies;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training.Cpu;

public class MemberStepTrafficTests
{
    [Fact]
    public void A_breakout_512_512_step_streams_the_state_twice_and_the_weights_outside_the_Adam_pass()
    {
        var layout = new MemberLayout(new MlpShape(400, [512, 512], 6, Activation.Relu), 16);
        Assert.Equal(471_046, layout.Count);
        var traffic = MemberStepTraffic.Of(layout);
        Assert.Equal(24.0 * 471_046, traffic.StateBytes);                          // θ, m, v read and written
        // with 512-bit vectors the hidden layers' forward runs inside the previous step's Adam pass: only the output layer's weights are read for it
        Assert.Equal(Vector512.IsHardwareAccelerated ? 4.0 * 512 * 6 : 4.0 * (400 * 512 + 512 * 512 + 512 * 6), traffic.ForwardWeightBytes);
        Assert.Equal(4.0 * (512 * 512 + 512 * 6), traffic.InputGradientWeightBytes); // not the first layer's
        Assert.Equal(4.0 * 2 * 16 * (512 + 512 + 6), traffic.ActivationBytes);
        Assert.Equal(traffic.StateBytes + traffic.ForwardWeightBytes + traffic.InputGradientWeightBytes, traffic.StreamedBytes);
        Assert.Equal(12.0 * 471_046, MemberStepTraffic.StateFootprint(layout));
    }

    [Fact]
    public void Layers_that_are_not_whole_4_x_64_blocks_read_their_weights_for_the_forward()
    {
        var layout = new MemberLayout(new MlpShape(9, [130, 64], 2, Activation.Tanh), 16); // 9 × 130 and 130 × 64: rests; 64 × 2: narrow
        Assert.Equal(4.0 * (9 * 130 + 130 * 64 + 64 * 2), MemberStepTraffic.Of(layout).ForwardWeightBytes);
    }
}
