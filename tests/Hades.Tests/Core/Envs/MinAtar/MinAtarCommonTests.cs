using System.Diagnostics;
using Hades.Core.Envs;
using Hades.Core.Envs.MinAtar;
using Hades.Core.Random;
using Xunit.Abstractions;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>What every MinAtar-style game must do: specs, binary observations, seeding, sticky actions, done bookkeeping.</summary>
public sealed class MinAtarCommonTests(ITestOutputHelper output)
{
    public static TheoryData<string> Games => MinAtarRunner.GameNames;

    [Theory]
    [InlineData("breakout", 4, 3, 1000)]
    [InlineData("space-invaders", 6, 4, 1000)]
    [InlineData("asterix", 4, 5, 1000)]
    [InlineData("freeway", 7, 3, 2500)]
    [InlineData("seaquest", 10, 6, 1000)]
    public void Spec_IsRegistered_WithBinaryBoundsAndMinimalActionSet(string game, int channels, int actions, int maxSteps)
    {
        var spec = TaskRegistry.Spec(game);
        Assert.Equal(game, spec.Name);
        Assert.Equal(100 * channels, spec.ObservationSize);
        Assert.Equal(actions, spec.ActionCount);
        Assert.Equal(1, spec.ActionSize);
        Assert.Equal(maxSteps, spec.MaxSteps);
        Assert.True(spec.IsDiscrete);
        Assert.All(spec.ObservationLow, v => Assert.Equal(0f, v));
        Assert.All(spec.ObservationHigh, v => Assert.Equal(1f, v));
        Assert.Equal(100 * channels, spec.ObservationLow.Length);
        Assert.Equal(100 * channels, spec.ObservationHigh.Length);

        var env = TaskRegistry.Factory(game)(3);
        Assert.Equal(3, env.Count);
        Assert.Same(spec, env.Spec);
        var minatar = Assert.IsAssignableFrom<MinAtarEnv>(env);
        Assert.Equal(0.0, minatar.StickyProbability);   // the paper's setting, MinAtarOptions.Default
        Assert.True(minatar.Ramping);
        Assert.Equal(channels, MinAtarTasks.ChannelNames(game)!.Count);
        Assert.Contains(game, MinAtarTasks.Names);
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void Observations_AreBinary_AndEveryStepWritesTheFullGrid(string game)
    {
        var r = MinAtarRunner.Create(game, 8);
        Array.Fill(r.Observations, 0.5f);
        r.Reset(3);
        Assert.All(r.Observations, v => Assert.True(v == 0f || v == 1f, $"non-binary value {v} after reset"));
        for (int step = 0; step < 300; step++)
        {
            r.RandomActions(17, step);
            Array.Fill(r.Observations, 0.5f);
            r.Step();
            Assert.All(r.Observations, v => Assert.True(v == 0f || v == 1f, $"non-binary value {v} at step {step}"));
        }
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void SameKeys_GiveTheSameTrajectory_AndInstanceIIsIndependentOfCount(string game)
    {
        var a = MinAtarRunner.Create(game, 8);
        var b = MinAtarRunner.Create(game, 8);
        var small = MinAtarRunner.Create(game, 3);
        a.Reset(42); b.Reset(42); small.Reset(42);
        var differences = 0;
        for (int step = 0; step < 400; step++)
        {
            Assert.Equal(a.Observations, b.Observations);
            Assert.Equal(a.Observations.AsSpan(0, small.Observations.Length).ToArray(), small.Observations);
            for (int i = 1; i < a.Count; i++)
                if (!a.ObservationOf(0).AsSpan().SequenceEqual(a.ObservationOf(i))) differences++;
            a.RandomActions(5, step); b.RandomActions(5, step); small.RandomActions(5, step);
            a.Step(); b.Step(); small.Step();
            Assert.Equal(a.Rewards, b.Rewards);
            Assert.Equal(a.Done, b.Done);
            Assert.Equal(a.Rewards.AsSpan(0, 3).ToArray(), small.Rewards);
            Assert.Equal(a.Done.AsSpan(0, 3).ToArray(), small.Done);
        }
        Assert.True(differences > 0, "different keys never gave different observations");
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void ExplicitKeys_MatchTheSeedExtension_AndAnotherSeedGivesAnotherTrajectory(string game)
    {
        var bySeed = MinAtarRunner.Create(game, 4);
        var byKeys = MinAtarRunner.Create(game, 4);
        var other = MinAtarRunner.Create(game, 4);
        bySeed.Reset(7);
        byKeys.Reset(Enumerable.Range(0, 4).Select(i => CounterRng.Key(7, (ulong)i)).ToArray());
        other.Reset(8);
        bool differs = false;
        for (int step = 0; step < 200; step++)
        {
            Assert.Equal(bySeed.Observations, byKeys.Observations);
            differs |= !bySeed.Observations.AsSpan().SequenceEqual(other.Observations);
            bySeed.RandomActions(1, step); byKeys.RandomActions(1, step); other.RandomActions(1, step);
            bySeed.Step(); byKeys.Step(); other.Step();
        }
        Assert.True(differs);
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void DoneInstances_StayDone_WithRewardZeroAndAFrozenObservation(string game)
    {
        const int count = 16;
        var r = MinAtarRunner.Create(game, count);
        r.Reset(11);
        var frozen = new float[count][];
        var everDone = new bool[count];
        int maxSteps = r.Env.Spec.MaxSteps;
        for (int step = 0; step < maxSteps + 5; step++)
        {
            r.RandomActions(23, step);
            r.Step();
            for (int i = 0; i < count; i++)
            {
                if (everDone[i])
                {
                    Assert.Equal(1, r.Done[i]);
                    Assert.Equal(0f, r.Rewards[i]);
                    Assert.Equal(frozen[i], r.ObservationOf(i));
                }
                else if (r.Done[i] == 1)
                {
                    everDone[i] = true;
                    frozen[i] = r.ObservationOf(i);
                    Assert.True(r.Env.StepsTaken(i) <= maxSteps);
                }
            }
        }
        Assert.All(everDone, Assert.True);   // truncation at MaxSteps at the latest
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void StickyProbabilityOne_IgnoresEveryChosenAction(string game)
    {
        var sticky = MinAtarRunner.Create(game, 6, sticky: 1.0);
        var noOp = MinAtarRunner.Create(game, 6, sticky: 0.0);
        sticky.Reset(9); noOp.Reset(9);
        for (int step = 0; step < 300; step++)
        {
            Assert.Equal(noOp.Observations, sticky.Observations);
            sticky.RandomActions(3, step);
            sticky.Step();
            noOp.Step(0);
            Assert.Equal(noOp.Rewards, sticky.Rewards);
            for (int i = 0; i < sticky.Count; i++)
                if (sticky.Done[i] == 0) Assert.Equal(0, sticky.Env.LastExecutedAction(i));
        }
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void StickyProbabilityZero_ExecutesTheChosenAction(string game)
    {
        var r = MinAtarRunner.Create(game, 6, sticky: 0.0);
        r.Reset(9);
        for (int step = 0; step < 100; step++)
        {
            var done = (byte[])r.Done.Clone();
            r.RandomActions(3, step);
            r.Step();
            for (int i = 0; i < r.Count; i++)
                if (done[i] == 0) Assert.Equal((int)r.Actions[i], r.Env.LastExecutedAction(i));
        }
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void StickyActions_RepeatThePreviousActionAtTheConfiguredRate(string game)
    {
        // Always choose an action different from the last executed one: the repeats are exactly the sticky steps.
        var r = MinAtarRunner.Create(game, 1024, sticky: 0.1);
        int n = r.Env.Spec.ActionCount;
        r.Reset(123);
        int repeats = 0, samples = 0;
        for (int step = 0; step < 400 && samples < 40_000; step++)
        {
            var previous = new int[r.Count];
            var active = new bool[r.Count];
            for (int i = 0; i < r.Count; i++)
            {
                active[i] = r.Done[i] == 0;
                previous[i] = step == 0 ? 0 : r.Env.LastExecutedAction(i);
                r.Actions[i] = (previous[i] + 1) % n;
            }
            r.Step();
            for (int i = 0; i < r.Count; i++)
            {
                if (!active[i]) continue;
                samples++;
                if (r.Env.LastExecutedAction(i) == previous[i]) repeats++;
                else Assert.Equal((previous[i] + 1) % n, r.Env.LastExecutedAction(i));
            }
        }
        double rate = (double)repeats / samples;
        output.WriteLine($"{game}: repeat rate {rate:F4} over {samples} steps");
        Assert.True(samples >= 4000, $"only {samples} samples");
        Assert.InRange(rate, 0.1 - 5 * Math.Sqrt(0.09 / samples), 0.1 + 5 * Math.Sqrt(0.09 / samples));
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void BadArguments_AreRejected(string game)
    {
        var factory = MinAtarRunner.Games[game];
        Assert.Throws<ArgumentOutOfRangeException>(() => factory(0, 0.1, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => factory(1, -0.1, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => factory(1, 1.5, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => factory(1, double.NaN, true));
        var env = factory(2, 0.1, true);
        int size = env.Spec.ObservationSize;
        Assert.Throws<ArgumentException>(() => env.Reset(new ulong[3], new float[2 * size]));
        Assert.Throws<ArgumentException>(() => env.Reset(new ulong[2], new float[size]));
        env.Reset(new ulong[2], new float[2 * size]);
        Assert.Throws<ArgumentException>(() => env.Step(new float[1], new float[2 * size], new float[2], new byte[2]));
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void OutOfRangeActions_AreClampedToTheActionSet(string game)
    {
        var clamped = MinAtarRunner.Create(game, 1, sticky: 0.0);
        var explicitActions = MinAtarRunner.Create(game, 1, sticky: 0.0);
        int last = clamped.Env.Spec.ActionCount - 1;
        clamped.Reset(5); explicitActions.Reset(5);
        for (int step = 0; step < 50; step++)
        {
            bool high = step % 2 == 0;
            clamped.Step(high ? 99 : -7);
            explicitActions.Step(high ? last : 0);
            Assert.Equal(explicitActions.Observations, clamped.Observations);
        }
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void RandomPolicy_Smoke_1000StepsOn16Instances(string game)
    {
        var r = MinAtarRunner.Create(game, 16);
        r.Reset(2024);
        var returns = new double[16];
        for (int step = 0; step < 1000; step++)
        {
            r.RandomActions(77, step);
            r.Step();
            for (int i = 0; i < 16; i++) returns[i] += r.Rewards[i];
        }
        Assert.All(returns, v => Assert.True(v >= 0));
        output.WriteLine($"{game}: mean random return over 16 instances, 1000 steps: {returns.Average():F3}");
    }

    /// <summary>The figure to report: random-policy return over 100 episodes (the project's RandomRollout, sticky
    /// 0 and ramping on, MinAtarOptions.Default). Steps per second are a benchmark: `hades bench --envs GAME`.</summary>
    [Theory]
    [MemberData(nameof(Games))]
    public void RandomPolicy_ReturnOver100Episodes_EqualsRandomRollout(string game)
    {
        const int episodes = 100;
        const ulong key = 31337;
        var env = TaskRegistry.Factory(game)(episodes);
        var r = new MinAtarRunner<MinAtarEnv>((MinAtarEnv)env);
        var returns = new double[episodes];
        r.Reset(key);
        for (int step = 0; step < env.Spec.MaxSteps && Array.IndexOf(r.Done, (byte)0) >= 0; step++)
        {
            for (int i = 0; i < episodes; i++)   // RandomRollout's action draws
                r.Actions[i] = (int)(CounterRng.Uniform(CounterRng.Key(key, (ulong)i), (ulong)step) * env.Spec.ActionCount);
            r.Step();
            for (int i = 0; i < episodes; i++) returns[i] += r.Rewards[i];
        }
        Assert.All(r.Done, d => Assert.Equal(1, d));
        double mean = returns.Average();
        double se = Math.Sqrt(returns.Sum(v => (v - mean) * (v - mean)) / (episodes - 1) / episodes);
        Assert.Equal(RandomRollout.Run(game, episodes, key), mean, 9);

        output.WriteLine($"{game}: random-policy return over {episodes} episodes {mean:F3} ± {se:F3} (s.e.), " +
                         $"min {returns.Min()}, max {returns.Max()}");
    }
}
