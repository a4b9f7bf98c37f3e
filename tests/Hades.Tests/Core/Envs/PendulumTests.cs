using Hades.Core.Envs;

namespace Hades.Tests.Core.Envs;

/// <summary>Pendulum-v1 against steps computed by hand from Gymnasium's equations (θ̇' = θ̇ + (15·sin θ + 3u)·0.05).</summary>
public class PendulumTests
{
    static (Pendulum Env, float[] Obs, float[] Reward, byte[] Done) Make(int n = 1) =>
        (new Pendulum(n), new float[n * 3], new float[n], new byte[n]);

    [Fact]
    public void One_step_follows_the_equations()
    {
        var (env, obs, reward, done) = Make();
        env.Reset(1, obs);
        env.SetState(0, 1.0, 0.5);
        env.Step([1.5f], obs, reward, done);
        // θ̇' = 0.5 + (15·sin 1 + 4.5)·0.05 = 1.3561032386; θ' = 1 + 0.05·θ̇' = 1.0678051619
        // cost = 1² + 0.1·0.5² + 0.001·1.5² = 1.02725 (from the state before the step)
        Assert.Equal(Math.Cos(1.0678051619302962), obs[0], 6);
        Assert.Equal(Math.Sin(1.0678051619302962), obs[1], 6);
        Assert.Equal(1.3561032386059226, obs[2], 5);
        Assert.Equal(-1.02725, reward[0], 5);
        Assert.Equal(0, done[0]);
    }

    [Fact]
    public void Three_steps_accumulate()
    {
        var (env, obs, reward, done) = Make();
        env.Reset(1, obs);
        env.SetState(0, 1.0, 0.5);
        var expected = new (double Cos, double Sin, double Dot, double R)[]
        {
            (0.49643849664858747, 0.868071897394041, 1.0261032386059226, -1.02549),
            (0.4267384720767003, 0.9043750750930961, 1.5721571616514534, -1.2110213291290421),
            (0.3274574294710505, 0.944865933285888, 2.1454384679712755, -1.5243612468877974),
        };
        foreach (var e in expected)
        {
            env.Step([-0.7f], obs, reward, done);
            Assert.Equal(e.Cos, obs[0], 5);
            Assert.Equal(e.Sin, obs[1], 5);
            Assert.Equal(e.Dot, obs[2], 5);
            Assert.Equal(e.R, reward[0], 5);
        }
    }

    [Fact]
    public void Torque_is_clipped_the_angle_normalised_in_the_cost_and_the_speed_clipped()
    {
        var (env, obs, reward, done) = Make();
        env.Reset(1, obs);
        env.SetState(0, 4.0, 7.9);
        env.Step([5f], obs, reward, done);
        // u = 2; norm(4) = 4 − 2π = −2.2832; cost = 5.2129 + 0.1·62.41 + 0.004 = 11.457935
        // θ̇' = 7.9 + (15·sin 4 + 6)·0.05 = 7.632398
        Assert.Equal(-11.457935146920741, reward[0], 4);
        Assert.Equal(7.632398128519054, obs[2], 5);

        env.SetState(0, 1.5, 7.9);
        env.Step([2f], obs, reward, done);   // 7.9 + (15·sin 1.5 + 6)·0.05 = 8.948 → 8
        Assert.Equal(8f, obs[2]);
        Assert.Equal(Math.Cos(1.5 + 8 * 0.05), obs[0], 6);
    }

    [Fact]
    public void Never_terminates_and_is_truncated_at_200_steps()
    {
        var (env, obs, reward, done) = Make(2);
        env.Reset(5, obs);
        int steps = 0;
        while (done[0] == 0) { env.Step([2f, -2f], obs, reward, done); steps++; }
        Assert.Equal(200, steps);
        Assert.Equal(1, done[1]);
        env.Step([0f, 0f], obs, reward, done);
        Assert.Equal([0f, 0f], reward);
    }

    [Fact]
    public void Reset_draws_the_angle_and_speed_from_the_key()
    {
        var (env, obs, _, _) = Make(64);
        env.Reset(9, obs);
        var (again, obs2, _, _) = Make(64);
        again.Reset(9, obs2);
        Assert.Equal(obs, obs2);
        double minAngle = double.MaxValue, maxAngle = double.MinValue;
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(1.0, obs[i * 3] * obs[i * 3] + obs[i * 3 + 1] * obs[i * 3 + 1], 5);
            Assert.InRange(obs[i * 3 + 2], -1f, 1f);
            double angle = Math.Atan2(obs[i * 3 + 1], obs[i * 3]);
            minAngle = Math.Min(minAngle, angle); maxAngle = Math.Max(maxAngle, angle);
        }
        Assert.True(minAngle < -2 && maxAngle > 2, "angles should cover (−π, π)");
        Assert.Equal(0, TaskRegistry.Spec("pendulum").ActionCount);
        Assert.Equal([-2f], TaskRegistry.Spec("pendulum").ActionLow);
    }

    [Fact]
    public void Angle_normalisation_is_a_floored_modulo()
    {
        Assert.Equal(4.0 - 2 * Math.PI, Pendulum.AngleNormalise(4.0), 12);
        Assert.Equal(-4.0 + 2 * Math.PI, Pendulum.AngleNormalise(-4.0), 12);
        Assert.Equal(0.3, Pendulum.AngleNormalise(0.3 + 6 * Math.PI), 9);
        Assert.Equal(-Math.PI, Pendulum.AngleNormalise(Math.PI), 12);
    }
}
