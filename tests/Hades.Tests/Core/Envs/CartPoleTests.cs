using Hades.Core.Envs;
using Hades.Core.Random;

namespace Hades.Tests.Core.Envs;

/// <summary>
/// CartPole against Gymnasium CartPole-v1. Reference numbers come from an independent pure-Python
/// re-implementation of Gymnasium's <c>CartPoleEnv.step</c> (euler integrator, float64 state).
/// </summary>
public sealed class CartPoleTests
{
    const double Tolerance = 1e-5;
    const int Obs = 4;
    static readonly double ThetaThreshold = 12 * 2 * Math.PI / 360;

    sealed class Runner(int count)
    {
        public readonly CartPole Env = new(count);
        public readonly float[] Actions = new float[count];
        public readonly float[] Observations = new float[count * Obs];
        public readonly float[] Rewards = new float[count];
        public readonly byte[] Done = new byte[count];

        public void Step() => Env.Step(Actions, Observations, Rewards, Done);

        public float[] ObservationOf(int instance) => Observations.AsSpan(instance * Obs, Obs).ToArray();
    }

    /// <summary>Push towards the side the pole is falling to: keeps CartPole up for 500 steps from reset states.</summary>
    static float Balance(float[] o) => o[2] + 0.5f * o[3] > 0 ? 1 : 0;

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
        var spec = CartPole.SpecFor;
        Assert.Equal("cartpole", spec.Name);
        Assert.Equal(4, spec.ObservationSize);
        Assert.Equal(2, spec.ActionCount);
        Assert.Equal(1, spec.ActionSize);
        Assert.Equal(500, spec.MaxSteps);
        Assert.True(spec.IsDiscrete);
        Assert.Equal(4.8f, spec.ObservationHigh[0]);
        Assert.Equal(0.418879f, spec.ObservationHigh[2], 5);
        Assert.Equal(float.MaxValue, spec.ObservationHigh[1]);
        Assert.Equal(float.MaxValue, spec.ObservationHigh[3]);
        for (int k = 0; k < 4; k++) Assert.Equal(-spec.ObservationHigh[k], spec.ObservationLow[k]);
        Assert.Same(spec, new CartPole(3).Spec);
    }

    [Fact]
    public void Reset_DrawsEachVariableUniformlyFromCounterRng()
    {
        const ulong seed = 1234;
        var r = new Runner(64);
        r.Env.Reset(seed, r.Observations);
        for (int i = 0; i < 64; i++)
        {
            ulong key = CounterRng.Key(seed, (ulong)i);
            for (int k = 0; k < Obs; k++)
            {
                float v = r.Observations[i * Obs + k];
                Assert.Equal((float)CounterRng.Uniform(key, (ulong)k, -0.05, 0.05), v);
                Assert.InRange(v, -0.05f, 0.05f);
            }
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
        // Actions chosen by "theta + 0.5 * theta_dot > 0 ? right : left" in the reference run, recorded as a fixed sequence.
        const string actions = "10101010101010101010101010101010110101010101010100";
        var expected = new Dictionary<int, double[]>
        {
            [1] = [0.0096, 0.174679196, 0.0308, -0.243068718],
            [10] = [0.0251707698, -0.0234304052, 0.0162536138, 0.115669558],
            [50] = [0.142884381, -0.0319080226, -0.0130626118, 0.302710087],
        };
        var r = new Runner(1);
        r.Env.SetState(0, [0.01, -0.02, 0.03, 0.04]);
        for (int step = 1; step <= actions.Length; step++)
        {
            r.Actions[0] = actions[step - 1] - '0';
            r.Step();
            Assert.Equal(1f, r.Rewards[0]);
            Assert.Equal(0, r.Done[0]);
            if (expected.TryGetValue(step, out var state)) AssertClose(state, r.ObservationOf(0));
        }
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(0, -1.0)]
    public void ConstantPush_TerminatesAtStepNine_AndPaysTheTerminatingStep(int action, double sign)
    {
        var r = new Runner(1);
        r.Env.SetState(0, [0.0, 0.0, 0.0, 0.0]);
        r.Actions[0] = action;
        float total = 0;
        int steps = 0;
        do
        {
            r.Step();
            total += r.Rewards[0];
            steps++;
        } while (r.Done[0] == 0 && steps < 100);

        Assert.Equal(9, steps);
        Assert.Equal(9f, total);
        double[] expected = [0.140650972 * sign, 1.76038113 * sign, -0.21518605 * sign, -2.77788649 * sign];
        AssertClose(expected, r.ObservationOf(0));
        Assert.True(Math.Abs(r.ObservationOf(0)[2]) > ThetaThreshold);
    }

    [Fact]
    public void SimpleController_IsTruncatedAtExactly500Steps()
    {
        const int count = 32;
        var r = new Runner(count);
        r.Env.Reset(7, r.Observations);
        var returns = new float[count];
        for (int step = 1; step <= 500; step++)
        {
            for (int i = 0; i < count; i++)
            {
                r.Actions[i] = Balance(r.ObservationOf(i));
            }
            r.Step();
            for (int i = 0; i < count; i++)
            {
                returns[i] += r.Rewards[i];
                Assert.Equal(step == 500 ? 1 : 0, r.Done[i]);
            }
        }
        Assert.All(returns, ret => Assert.Equal(500f, ret));
    }

    [Fact]
    public void DoneInstance_StaysDone_WithZeroRewardAndFrozenState_WhileOthersContinue()
    {
        var r = new Runner(2);
        r.Env.SetState(0, [0.0, 0.0, 0.0, 0.0]);
        r.Env.SetState(1, [0.0, 0.0, 0.0, 0.0]);
        r.Actions[0] = 1;   // terminates at step 9
        for (int step = 0; step < 9; step++)
        {
            r.Actions[1] = Balance(r.ObservationOf(1));
            r.Step();
        }
        Assert.Equal(1, r.Done[0]);
        Assert.Equal(0, r.Done[1]);
        var frozen = r.ObservationOf(0);

        for (int step = 0; step < 20; step++)
        {
            r.Actions[1] = Balance(r.ObservationOf(1));
            r.Step();
            Assert.Equal(1, r.Done[0]);
            Assert.Equal(0f, r.Rewards[0]);
            Assert.Equal(frozen, r.ObservationOf(0));
            Assert.Equal(1f, r.Rewards[1]);
        }
    }

    [Fact]
    public void Instances_InABatch_StepLikeSingleEnvironments()
    {
        var batch = new Runner(3);
        batch.Env.Reset(99, batch.Observations);
        var singles = new Runner[3];
        for (int i = 0; i < 3; i++)
        {
            singles[i] = new Runner(1);
            singles[i].Env.Reset(99, singles[i].Observations);   // instance 0 of seed 99
        }
        for (int i = 0; i < 3; i++)
        {
            double[] state = Array.ConvertAll(batch.ObservationOf(0), v => (double)v);
            batch.Env.SetState(i, state);
            singles[i].Env.SetState(0, state);
        }
        for (int step = 0; step < 5; step++)
        {
            for (int i = 0; i < 3; i++)
            {
                batch.Actions[i] = (step + i) % 2;
                singles[i].Actions[0] = batch.Actions[i];
                singles[i].Step();
            }
            batch.Step();
            for (int i = 0; i < 3; i++) Assert.Equal(singles[i].ObservationOf(0), batch.ObservationOf(i));
        }
    }
}
