using Hades.Core.Envs;
using Hades.Core.MultiTask;
using Hades.Tests.Support;

namespace Hades.Tests.Core.MultiTask;

public class MultiTaskTests
{
    [Fact]
    public void Each_task_gets_its_own_feature_slot_and_an_indicator()
    {
        var layout = new MultiTaskLayout([CartPole.SpecFor, Acrobot.SpecFor]);
        Assert.Equal(4 + 6 + 2, layout.InputSize);
        Assert.Equal(3, layout.ActionCount);
        var input = new float[layout.InputSize];
        layout.Encode(0, [1, 2, 3, 4], input);
        Assert.Equal([1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 1, 0], input);
        layout.Encode(1, [5, 6, 7, 8, 9, 10], input);
        Assert.Equal([0, 0, 0, 0, 5, 6, 7, 8, 9, 10, 0, 1], input);
    }

    [Fact]
    public void The_wrapped_env_steps_like_the_task_and_shows_the_shared_input()
    {
        var layout = new MultiTaskLayout([CartPole.SpecFor, Acrobot.SpecFor]);
        var plain = new Acrobot(2);
        var wrapped = new MultiTaskEnv(new Acrobot(2), layout, 1);
        Assert.Equal(12, wrapped.Spec.ObservationSize);
        Assert.Equal(3, wrapped.Spec.ActionCount);
        var o = new float[12]; var w = new float[24];
        plain.Reset(9, o);
        wrapped.Reset(9, w);
        var r1 = new float[2]; var r2 = new float[2]; var d1 = new byte[2]; var d2 = new byte[2];
        plain.Step([2, 0], o, r1, d1);
        wrapped.Step([2, 0], w, r2, d2);
        Assert.Equal(o[..6], w[4..10]);
        Assert.Equal(o[6..12], w[16..22]);
        Assert.Equal(1f, w[11]);
        Assert.Equal(r1, r2);
    }

    [Fact]
    public void Random_return_matches_the_task_scale()
    {
        Assert.InRange(ZeroShotAgent.RandomReturn("cartpole", 50, 1), 8, 60);
        Assert.InRange(ZeroShotAgent.RandomReturn("acrobot", 10, 1), -500, -300);
    }
}
