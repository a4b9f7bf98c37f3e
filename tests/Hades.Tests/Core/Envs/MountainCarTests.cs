using Hades.Core.Envs;

namespace Hades.Tests.Core.Envs;

/// <summary>MountainCar-v0 against numbers from an independent transcription of Gymnasium's equations.</summary>
public class MountainCarTests
{
    static (MountainCar Env, float[] Obs, float[] Reward, byte[] Done) Make(int n = 1) =>
        (new MountainCar(n), new float[n * 2], new float[n], new byte[n]);

    [Fact]
    public void Trajectory_matches_gymnasium_equations()
    {
        var (env, obs, reward, done) = Make();
        env.Reset(1, obs);
        env.SetState(0, -0.5, 0.0);
        double velocity = 0;
        var expected = new Dictionary<int, (double P, double V)>
        {
            [1] = (-0.49917684300416926, 0.0008231569958307428),
            [10] = (-0.4576895848965753, 0.007254692062725155),
            [50] = (-0.44202962309144084, -0.026966047969384028),
        };
        for (int t = 1; t <= 50; t++)
        {
            env.Step([velocity >= 0 ? 2f : 0f], obs, reward, done);
            velocity = obs[1];
            if (expected.TryGetValue(t, out var e))
            {
                Assert.Equal(e.P, obs[0], 5);
                Assert.Equal(e.V, obs[1], 6);
            }
        }
    }

    [Fact]
    public void Pumping_energy_reaches_the_goal_and_terminates()
    {
        var (env, obs, reward, done) = Make();
        env.Reset(1, obs);
        env.SetState(0, -0.5, 0.0);
        double total = 0; int steps = 0;
        while (done[0] == 0)
        {
            env.Step([obs[1] >= 0 ? 2f : 0f], obs, reward, done);
            total += reward[0]; steps++;
        }
        Assert.Equal(124, steps); // the transcription reaches position 0.535 at step 124
        Assert.Equal(-124, total);
        Assert.True(obs[0] >= 0.5f);
    }

    [Fact]
    public void Doing_nothing_is_truncated_at_200_steps_and_the_left_wall_stops_the_car()
    {
        var (env, obs, reward, done) = Make();
        env.Reset(3, obs);
        Assert.InRange(obs[0], -0.6f, -0.4f);
        Assert.Equal(0f, obs[1]);
        int steps = 0;
        while (done[0] == 0) { env.Step([1f], obs, reward, done); steps++; }
        Assert.Equal(200, steps);
        env.SetState(0, -1.19, -0.05);
        env.Step([0f], obs, reward, done);
        Assert.Equal(-1.2f, obs[0]);
        Assert.Equal(0f, obs[1]);
    }
}
