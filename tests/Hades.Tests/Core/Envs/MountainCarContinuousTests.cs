using Hades.Core.Envs;

namespace Hades.Tests.Core.Envs;

/// <summary>MountainCarContinuous-v0 against steps computed by hand from Gymnasium's equations
/// (v' = v + clip(a)·0.0015 − 0.0025·cos 3p; reward −0.1·a² plus 100 at the goal).</summary>
public class MountainCarContinuousTests
{
    static (MountainCarContinuous Env, float[] Obs, float[] Reward, byte[] Done) Make(int n = 1) =>
        (new MountainCarContinuous(n), new float[n * 2], new float[n], new byte[n]);

    [Fact]
    public void One_step_follows_the_equations()
    {
        var (env, obs, reward, done) = Make();
        env.Reset(1, obs);
        env.SetState(0, -0.5, 0.0);
        env.Step([0.5f], obs, reward, done);
        // v' = 0.5·0.0015 − 0.0025·cos(−1.5) = 0.000573157; p' = −0.5 + v'
        Assert.Equal(-0.49942684300416923, obs[0], 6);
        Assert.Equal(0.0005731569958307427, obs[1], 7);
        Assert.Equal(-0.025f, reward[0], 6);
        Assert.Equal(0, done[0]);
    }

    [Fact]
    public void The_force_is_clipped_but_the_penalty_uses_the_given_action()
    {
        var (env, obs, reward, done) = Make();
        env.Reset(1, obs);
        env.SetState(0, -0.5, 0.0);
        env.Step([2f], obs, reward, done);
        Assert.Equal(0.0013231569958307428, obs[1], 7);   // force 1
        Assert.Equal(-0.4f, reward[0], 6);                  // −0.1·2²
    }

    [Fact]
    public void Reaching_the_goal_terminates_with_the_bonus()
    {
        var (env, obs, reward, done) = Make();
        env.Reset(1, obs);
        env.SetState(0, 0.44, 0.02);
        env.Step([1f], obs, reward, done);
        Assert.Equal(0.46087956137086905, obs[0], 6);
        Assert.Equal(99.9f, reward[0], 4);
        Assert.Equal(1, done[0]);
        env.Step([1f], obs, reward, done);
        Assert.Equal(0f, reward[0]);
        Assert.Equal(1, done[0]);
    }

    [Fact]
    public void Pumping_energy_reaches_the_goal_in_106_steps()
    {
        var (env, obs, reward, done) = Make();
        env.Reset(1, obs);
        env.SetState(0, -0.5, 0.0);
        double total = 0; int steps = 0;
        while (done[0] == 0) { env.Step([obs[1] >= 0 ? 1f : -1f], obs, reward, done); total += reward[0]; steps++; }
        Assert.Equal(106, steps);               // from an independent transcription of the equations
        Assert.Equal(100 - 0.1 * 106, total, 3);
    }

    [Fact]
    public void Left_wall_stops_the_car_and_idling_is_truncated_at_999_steps()
    {
        var (env, obs, reward, done) = Make();
        env.Reset(3, obs);
        Assert.InRange(obs[0], -0.6f, -0.4f);
        Assert.Equal(0f, obs[1]);
        int steps = 0;
        while (done[0] == 0) { env.Step([0f], obs, reward, done); steps++; Assert.Equal(0f, reward[0]); }
        Assert.Equal(999, steps);
        env.SetState(0, -1.19, -0.05);
        env.Step([-1f], obs, reward, done);
        Assert.Equal(-1.2f, obs[0]);
        Assert.Equal(0f, obs[1]);
        Assert.Equal(-0.1f, reward[0], 6);
    }
}
