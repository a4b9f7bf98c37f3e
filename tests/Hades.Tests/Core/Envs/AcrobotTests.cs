using Hades.Core.Envs;
using Hades.Core.Random;

namespace Hades.Tests.Core.Envs;

/// <summary>
/// Acrobot against Gymnasium Acrobot-v1. Reference numbers come from an independent pure-Python
/// re-implementation of Gymnasium's <c>AcrobotEnv.step</c> ("book" dynamics, rk4 over [0, 0.2], wrap, bound).
/// </summary>
public sealed class AcrobotTests
{
    const double Tolerance = 1e-5;
    const int Obs = 6;

    sealed class Runner(int count)
    {
        public readonly Acrobot Env = new(count);
        public readonly float[] Actions = new float[count];
        public readonly float[] Observations = new float[count * Obs];
        public readonly float[] Rewards = new float[count];
        public readonly byte[] Done = new byte[count];

        public void Step() => Env.Step(Actions, Observations, Rewards, Done);

        public float[] ObservationOf(int instance) => Observations.AsSpan(instance * Obs, Obs).ToArray();
    }

    static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(expected[k] - actual[k]) <= Tolerance,
                $"component {k}: expected {expected[k]}, got {actual[k]}");
    }

    [Fact]
    public void Spec_MatchesGymnasiumSpaces()
    {
        var spec = Acrobot.SpecFor;
        Assert.Equal("acrobot", spec.Name);
        Assert.Equal(6, spec.ObservationSize);
        Assert.Equal(3, spec.ActionCount);
        Assert.Equal(1, spec.ActionSize);
        Assert.Equal(500, spec.MaxSteps);
        Assert.Equal([1f, 1f, 1f, 1f, (float)(4 * Math.PI), (float)(9 * Math.PI)], spec.ObservationHigh);
        for (int k = 0; k < 6; k++) Assert.Equal(-spec.ObservationHigh[k], spec.ObservationLow[k]);
        Assert.Same(spec, new Acrobot(2).Spec);
    }

    [Fact]
    public void Reset_ObservationIsCosSinOfFloat32Draws()
    {
        const ulong seed = 2024;
        var r = new Runner(64);
        r.Env.Reset(seed, r.Observations);
        for (int i = 0; i < 64; i++)
        {
            ulong key = CounterRng.Key(seed, (ulong)i);
            var s = new double[4];
            for (int k = 0; k < 4; k++)
            {
                s[k] = (float)CounterRng.Uniform(key, (ulong)k, -0.1, 0.1);
                Assert.InRange(s[k], -0.1, 0.1);
            }
            float[] expected =
            [
                (float)Math.Cos(s[0]), (float)Math.Sin(s[0]), (float)Math.Cos(s[1]), (float)Math.Sin(s[1]),
                (float)s[2], (float)s[3],
            ];
            Assert.Equal(expected, r.ObservationOf(i));
        }
    }

    [Fact]
    public void Reset_IsDeterministicPerSeedAndIndependentOfCount()
    {
        var a = new Runner(8);
        var b = new Runner(8);
        var small = new Runner(3);
        a.Env.Reset(42, a.Observations);
        b.Env.Reset(42, b.Observations);
        small.Env.Reset(42, small.Observations);
        Assert.Equal(a.Observations, b.Observations);
        Assert.Equal(a.Observations.AsSpan(0, 3 * Obs).ToArray(), small.Observations);
        Assert.NotEqual(a.ObservationOf(0), a.ObservationOf(1));

        b.Env.Reset(43, b.Observations);
        Assert.NotEqual(a.Observations, b.Observations);
    }

    [Fact]
    public void Step_FollowsReferenceTrajectory()
    {
        var expected = new Dictionary<int, double[]>
        {
            [1] = [0.998886173, 0.0471848954, 0.999709136, -0.024117274, -0.0471464725, 0.0672296408],
            [10] = [0.999431392, 0.0337178316, 0.991738137, -0.128278864, 0.0910813525, -0.18858058],
            [50] = [0.999479963, -0.0322459894, 0.99368333, 0.112220495, -0.0601345452, 0.245708679],
        };
        var r = new Runner(1);
        r.Env.SetState(0, [0.05, -0.03, 0.02, -0.01]);
        for (int step = 1; step <= 50; step++)
        {
            r.Actions[0] = step % 3;   // torques 0, +1, -1, 0, +1, -1, ...
            r.Step();
            Assert.Equal(-1f, r.Rewards[0]);
            Assert.Equal(0, r.Done[0]);
            if (expected.TryGetValue(step, out var obs)) AssertClose(obs, r.ObservationOf(0));
        }
    }

    [Fact]
    public void EnergyPumping_TerminatesAtStep73_WithZeroRewardOnTheTerminatingStep()
    {
        // Actions from "dtheta2 > 0 ? +1 : -1 torque" in the reference run (passes through four angle wraps).
        const string actions = "0000000222222200000022222200000022222200000002222222200000000022200000000";
        var expected = new Dictionary<int, double[]>
        {
            [30] = [0.633390383, 0.773832425, 0.655719418, -0.755004665, 1.1878844, -2.03581933],
            [50] = [0.326376796, -0.945239751, -0.343866752, 0.939018454, -2.15026876, 3.57426999],
            [72] = [0.142807933, 0.98975042, -0.888118135, 0.459615251, 2.55040613, -4.20071581],
            [73] = [-0.249239034, 0.968441998, -0.345444412, 0.938439214, 1.42549572, -3.19903994],
        };
        var r = new Runner(1);
        r.Env.SetState(0, [0.05, -0.03, 0.02, -0.01]);
        float total = 0;
        for (int step = 1; step <= actions.Length; step++)
        {
            r.Actions[0] = actions[step - 1] - '0';
            r.Step();
            total += r.Rewards[0];
            bool last = step == actions.Length;
            Assert.Equal(last ? 1 : 0, r.Done[0]);
            Assert.Equal(last ? 0f : -1f, r.Rewards[0]);
            if (expected.TryGetValue(step, out var obs)) AssertClose(obs, r.ObservationOf(0));
        }
        Assert.Equal(-72f, total);

        var o = r.ObservationOf(0);
        double theta1 = Math.Atan2(o[1], o[0]), theta2 = Math.Atan2(o[3], o[2]);
        Assert.True(-Math.Cos(theta1) - Math.Cos(theta1 + theta2) > 1.0);
    }

    [Fact]
    public void Step_WrapsAnglesAndClipsVelocities()
    {
        var r = new Runner(1);
        r.Env.SetState(0, [3.0, -3.0, 12.0, 27.0]);
        r.Actions[0] = 2;
        r.Step();
        var o = r.ObservationOf(0);
        AssertClose([0.0140669211, -0.999901056, -0.998433624, -0.0559490734, -1.65288793, 28.2743339], o);
        Assert.Equal((float)(9 * Math.PI), o[5]);   // theta2_dot clipped to MAX_VEL_2
        Assert.Equal(0, r.Done[0]);
        Assert.Equal(-1f, r.Rewards[0]);
    }

    [Fact]
    public void ZeroTorqueFromRest_NeverTerminates_AndIsTruncatedAt500()
    {
        const int count = 4;
        var r = new Runner(count);
        for (int i = 0; i < count; i++) r.Env.SetState(i, [0.0, 0.0, 0.0, 0.0]);
        Array.Fill(r.Actions, 1f);   // AVAIL_TORQUE[1] = 0
        var returns = new float[count];
        for (int step = 1; step <= 500; step++)
        {
            r.Step();
            for (int i = 0; i < count; i++)
            {
                returns[i] += r.Rewards[i];
                Assert.Equal(step == 500 ? 1 : 0, r.Done[i]);
            }
        }
        Assert.All(returns, ret => Assert.Equal(-500f, ret));
        AssertClose([1, 0, 1, 0, 0, 0], r.ObservationOf(0));
    }

    [Fact]
    public void DoneInstance_StaysDone_WithZeroRewardAndFrozenState_WhileOthersContinue()
    {
        var r = new Runner(2);
        r.Env.SetState(0, [0.0, 0.0, 0.0, 0.0]);
        r.Env.SetState(1, [0.0, 0.0, 0.0, 0.0]);
        r.Actions[1] = 1;
        for (int step = 0; step < 500; step++) r.Step();
        Assert.Equal([1, 1], r.Done);
        var frozen = r.ObservationOf(0);

        r.Env.SetState(1, [0.05, -0.03, 0.02, -0.01]);   // restart instance 1 only
        for (int step = 0; step < 10; step++)
        {
            r.Actions[0] = step % 3;
            r.Step();
            Assert.Equal(1, r.Done[0]);
            Assert.Equal(0f, r.Rewards[0]);
            Assert.Equal(frozen, r.ObservationOf(0));
            Assert.Equal(0, r.Done[1]);
            Assert.Equal(-1f, r.Rewards[1]);
        }
    }
}
