using Hades.Core.Envs.Mujoco;

namespace Hades.Tests.Core.Envs.Mujoco;

/// <summary>Rewards, healthy ranges and termination on scripted states, against Gymnasium v5's definitions.</summary>
public sealed class MujocoRewardTests
{
    const float Tol = 2e-5f;

    sealed class Runner(MujocoVectorEnv env)
    {
        public readonly MujocoVectorEnv Env = env;
        public readonly float[] Obs = new float[env.Count * env.Spec.ObservationSize];
        public readonly float[] Rewards = new float[env.Count];
        public readonly byte[] Done = new byte[env.Count];
        public double[] Before = [];

        public void Set(double[] qpos, double[] qvel)
        {
            Env.SetState(0, qpos, qvel, Obs.AsSpan(0, Env.Spec.ObservationSize));
            Before = Env.Record(0).ToArray();
        }

        public void Step(params float[] action) => Env.Step(action, Obs, Rewards, Done);

        public double[] After => Env.Record(0).ToArray();
    }

    // ---- Hopper ----

    static double[] HopperQpos(double z = 1.25, double angle = 0) => [0, z, angle, 0, 0, 0];

    [Fact]
    public void Hopper_IsHealthy_FollowsGymnasiumRanges()
    {
        var v = new double[6];
        Assert.True(Hopper.IsHealthy(HopperQpos(), v));
        Assert.False(Hopper.IsHealthy(HopperQpos(z: 0.7), v));          // strict: z must exceed 0.7
        Assert.True(Hopper.IsHealthy(HopperQpos(z: 0.71), v));
        Assert.True(Hopper.IsHealthy(HopperQpos(z: 500), v));           // z has no upper bound and is not range-checked
        Assert.False(Hopper.IsHealthy(HopperQpos(angle: 0.2), v));
        Assert.False(Hopper.IsHealthy(HopperQpos(angle: -0.2), v));
        Assert.True(Hopper.IsHealthy(HopperQpos(angle: -0.19), v));
        Assert.True(Hopper.IsHealthy([1e6, 1.25, 0, 0, 0, 0], v));     // x is excluded from the state range
        Assert.False(Hopper.IsHealthy([0, 1.25, 0, -100, 0, 0], v));
        Assert.False(Hopper.IsHealthy(HopperQpos(), [0, 0, 0, 0, 100, 0]));
        Assert.True(Hopper.IsHealthy(HopperQpos(), [0, 0, 0, 0, 99.9, 0]));
    }

    [MujocoFact]
    public void Hopper_AngleOutOfRange_TerminatesWithoutHealthyReward()
    {
        using var env = new Hopper(1, threads: 1);
        var r = new Runner(env);
        r.Set(HopperQpos(angle: 0.3), new double[6]);
        r.Step(0, 0, 0);
        Assert.Equal(1, r.Done[0]);
        double forward = (r.After[0] - r.Before[0]) / env.Dt;
        Assert.Equal(forward, r.Rewards[0], Tol);
    }

    [MujocoFact]
    public void Hopper_Healthy_RewardIsForwardPlusOneMinusClippedControlCost()
    {
        using var env = new Hopper(1, threads: 1);
        var r = new Runner(env);
        r.Set(HopperQpos(z: 3.0), [0.7, 0, 0, 0, 0, 0]);             // in the air, moving forward
        r.Step(2f, -0.5f, 0.3f);                                        // 2 is clipped to 1
        Assert.Equal(0, r.Done[0]);
        double forward = (r.After[0] - r.Before[0]) / env.Dt;
        Assert.InRange(forward, 0.6, 0.8);
        Assert.Equal(forward + 1.0 - 1e-3 * (1 + 0.25 + 0.09), r.Rewards[0], Tol);
        // Observation: qpos[1:] then clipped qvel.
        Assert.Equal((float)r.After[1], r.Obs[0]);
        Assert.Equal((float)Math.Clamp(r.After[6 + 3], -10, 10), r.Obs[5 + 3]);
    }

    [MujocoFact]
    public void Hopper_ZeroTorque_FallsAndTerminatesExactlyWhenUnhealthy()
    {
        using var env = new Hopper(1, threads: 1);
        var r = new Runner(env);
        env.Reset([123UL], r.Obs);
        int t = 0;
        while (r.Done[0] == 0)
        {
            Assert.True(++t <= 1000, "the unactuated hopper should fall before truncation");
            r.Step(0, 0, 0);
            var s = r.After;
            Assert.Equal(r.Done[0] == 0, Hopper.IsHealthy(s.AsSpan(0, 6), s.AsSpan(6, 6)));
        }
        Assert.True(t < 1000, $"fell at step {t}");
        var last = r.After;
        Assert.True(last[1] <= 0.7 || Math.Abs(last[2]) >= 0.2);
    }

    // ---- Walker2d ----

    [Fact]
    public void Walker2d_IsHealthy_FollowsGymnasiumRanges()
    {
        double[] Q(double z, double angle) => [0, z, angle, 0, 0, 0, 0, 0, 0];
        Assert.True(Walker2d.IsHealthy(Q(1.25, 0)));
        Assert.False(Walker2d.IsHealthy(Q(0.8, 0)));
        Assert.True(Walker2d.IsHealthy(Q(0.81, 0)));
        Assert.False(Walker2d.IsHealthy(Q(2.0, 0)));
        Assert.False(Walker2d.IsHealthy(Q(1.25, 1.0)));
        Assert.True(Walker2d.IsHealthy(Q(1.25, -0.99)));
    }

    // ---- HalfCheetah ----

    static double[] CheetahInAir => [0, 2.0, 0, 0, 0, 0, 0, 0, 0];   // torso 2 m above its rest height: no contact

    [MujocoFact]
    public void HalfCheetah_FreeFlightZeroAction_RewardIsTheSetForwardVelocity()
    {
        using var env = new HalfCheetah(1, threads: 1);
        var r = new Runner(env);
        r.Set(CheetahInAir, [1.5, 0, 0, 0, 0, 0, 0, 0, 0]);
        r.Step(new float[6]);
        Assert.Equal(0, r.Done[0]);
        Assert.Equal(1.5, r.Rewards[0], 1e-5);
    }

    [MujocoFact]
    public void HalfCheetah_Reward_IsForwardVelocityMinusTenthOfSquaredClippedAction()
    {
        using var env = new HalfCheetah(1, threads: 1);
        var r = new Runner(env);
        r.Set(CheetahInAir, [1.5, 0, 0, 0, 0, 0, 0, 0, 0]);
        r.Step(2f, 0.5f, -0.5f, 0f, 0f, -0.1f);
        double forward = (r.After[0] - r.Before[0]) / env.Dt;
        Assert.Equal(forward - 0.1 * (1 + 0.25 + 0.25 + 0.01), r.Rewards[0], Tol);
        Assert.Equal((float)r.After[1], r.Obs[0]);          // qpos[1:] then qvel
        Assert.Equal((float)r.After[9], r.Obs[8]);
    }

    // ---- InvertedDoublePendulum ----

    [MujocoFact]
    public void InvertedDoublePendulum_Upright_GetsAliveBonusMinusDistancePenalty()
    {
        using var env = new InvertedDoublePendulum(1, threads: 1);
        var r = new Runner(env);
        r.Set([0, 0, 0], [0, 0, 0]);
        Assert.Equal(new float[] { 0, 0, 0, 1, 1, 0, 0, 0 }, r.Obs[..8]);
        r.Step(0f);
        Assert.Equal(0, r.Done[0]);
        var s = r.After;
        int tip = env.Layout.SiteXpos;
        Assert.Equal(1.2, s[tip + 2], 3);                   // two 0.6 m poles
        double expected = 10 - 0.01 * s[tip] * s[tip] - Math.Pow(s[tip + 2] - 2, 2) - 1e-3 * s[4] * s[4] - 5e-3 * s[5] * s[5];
        Assert.Equal(expected, r.Rewards[0], Tol);
        Assert.InRange(r.Rewards[0], 9.3, 9.4);
    }

    [MujocoFact]
    public void InvertedDoublePendulum_TipAtOrBelowOne_Terminates()
    {
        using var env = new InvertedDoublePendulum(1, threads: 1);
        var r = new Runner(env);
        r.Set([0, 1.0, 0], [0, 0, 0]);                       // tip height 1.2·cos(1) ≈ 0.65
        Assert.Equal((float)Math.Sin(1.0), r.Obs[1], 6);
        Assert.Equal((float)Math.Cos(1.0), r.Obs[3], 6);
        r.Step(0f);
        Assert.Equal(1, r.Done[0]);
        var s = r.After;
        int tip = env.Layout.SiteXpos;
        Assert.True(s[tip + 2] <= 1.0);
        double expected = -0.01 * s[tip] * s[tip] - Math.Pow(s[tip + 2] - 2, 2) - 1e-3 * s[4] * s[4] - 5e-3 * s[5] * s[5];
        Assert.Equal(expected, r.Rewards[0], Tol);
    }

    // ---- Ant and Humanoid ----

    [Fact]
    public void Ant_IsHealthy_InclusiveZRangeAndFiniteState()
    {
        double[] Q(double z) { var q = new double[15]; q[2] = z; q[3] = 1; return q; }
        var v = new double[14];
        Assert.True(Ant.IsHealthy(Q(0.2), v));
        Assert.True(Ant.IsHealthy(Q(1.0), v));
        Assert.False(Ant.IsHealthy(Q(0.19), v));
        Assert.False(Ant.IsHealthy(Q(1.01), v));
        v[5] = double.NaN;
        Assert.False(Ant.IsHealthy(Q(0.5), v));
    }

    [Fact]
    public void Humanoid_IsHealthy_StrictZRange()
    {
        double[] Q(double z) { var q = new double[24]; q[2] = z; q[3] = 1; return q; }
        Assert.True(Humanoid.IsHealthy(Q(1.4)));
        Assert.False(Humanoid.IsHealthy(Q(1.0)));
        Assert.True(Humanoid.IsHealthy(Q(1.01)));
        Assert.False(Humanoid.IsHealthy(Q(2.0)));
    }

    [MujocoFact]
    public void Humanoid_Observation_StartsWithQposFromZThenQvel()
    {
        using var env = new Humanoid(1, threads: 1);
        var r = new Runner(env);
        var qpos = (double[])env.Model.Qpos0.Clone();
        var qvel = new double[23];
        qvel[0] = 0.25;
        r.Set(qpos, qvel);
        Assert.Equal(1.4f, r.Obs[0], 5);                    // torso z
        Assert.Equal(1f, r.Obs[1], 5);                      // quaternion w
        Assert.Equal(0.25f, r.Obs[22], 6);                  // qvel[0]
        Assert.All(r.Obs[^78..], f => Assert.Equal(0f, f)); // no contact forces right after a reset
    }

    [MujocoFact]
    public void Ant_FallingOverTerminates_AndContactCostIsCharged()
    {
        using var env = new Ant(1, threads: 1);
        var r = new Runner(env);
        var qpos = (double[])env.Model.Qpos0.Clone();
        qpos[2] = 1.2;                                      // torso above the healthy range
        r.Set(qpos, new double[14]);
        r.Step(new float[8]);
        Assert.Equal(1, r.Done[0]);
        double forward = (r.After[env.Layout.Xpos + 3] - r.Before[env.Layout.Xpos + 3]) / env.Dt;
        Assert.Equal(forward, r.Rewards[0], Tol);           // airborne: no contact, no healthy reward
    }
}
