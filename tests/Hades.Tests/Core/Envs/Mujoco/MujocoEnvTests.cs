using Hades.Core;
using Hades.Core.Envs;
using Hades.Core.Envs.Mujoco;
using Hades.Core.Random;

namespace Hades.Tests.Core.Envs.Mujoco;

/// <summary>Every MuJoCo task: sizes against Gymnasium v5, long random rollouts, determinism, truncation.</summary>
public sealed class MujocoEnvTests
{
    public static TheoryData<string, int, int> Tasks => new()
    {
        { "hopper", 11, 3 },
        { "walker2d", 17, 6 },
        { "halfcheetah", 17, 6 },
        { "ant", 27, 8 },
        { "humanoid", 348, 17 },
        { "inverted-double-pendulum", 9, 1 },
    };

    static MujocoVectorEnv Create(string task, int count, int? threads = null) => task switch
    {
        "hopper" => new Hopper(count, threads),
        "walker2d" => new Walker2d(count, threads),
        "halfcheetah" => new HalfCheetah(count, threads),
        "ant" => new Ant(count, threads),
        "humanoid" => new Humanoid(count, threads),
        "inverted-double-pendulum" => new InvertedDoublePendulum(count, threads),
        _ => throw new ArgumentException(task),
    };

    /// <summary>Uniform actions in 1.2 × the action bounds (so clipping is exercised), a pure function of (key, step).</summary>
    static void RandomActions(EnvSpec spec, ulong key, int step, float[] actions)
    {
        for (int j = 0; j < actions.Length; j++)
        {
            float bound = spec.ActionHigh![j % spec.ActionSize];
            actions[j] = (float)CounterRng.Uniform(CounterRng.Key(key, (ulong)step), (ulong)j, -1.2 * bound, 1.2 * bound);
        }
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Spec_MatchesGymnasiumV5Sizes(string task, int observationSize, int actionSize)
    {
        var spec = TaskRegistry.Spec(task);
        Assert.Equal(task, spec.Name);
        Assert.Equal(observationSize, spec.ObservationSize);
        Assert.Equal(0, spec.ActionCount);
        Assert.False(spec.IsDiscrete);
        Assert.Equal(actionSize, spec.ActionSize);
        Assert.Equal(1000, spec.MaxSteps);
        Assert.Equal(actionSize, spec.ActionLow!.Length);
        Assert.Equal(observationSize, spec.ObservationHigh.Length);
    }

    [MujocoTheory]
    [MemberData(nameof(Tasks))]
    public void RandomActions_ThousandSteps_StayFiniteAndStable(string task, int observationSize, int actionSize)
    {
        const int n = 3;
        using var env = (MujocoVectorEnv)TaskRegistry.Factory(task)(n);
        Assert.Equal(actionSize, env.Model.Nu);
        var obs = new float[n * observationSize];
        var actions = new float[n * actionSize];
        var rewards = new float[n];
        var done = new byte[n];
        int episodes = 0;
        env.Reset(CounterRng.Key(7, (ulong)episodes), obs);
        for (int t = 0; t < 1000; t++)
        {
            RandomActions(env.Spec, 11, t, actions);
            env.Step(actions, obs, rewards, done);
            Assert.All(obs, v => Assert.True(float.IsFinite(v), $"{task}: non-finite observation at step {t}"));
            Assert.All(rewards, r => Assert.True(float.IsFinite(r), $"{task}: non-finite reward at step {t}"));
            if (done.All(d => d == 1))
            {
                for (int i = 0; i < n; i++) Assert.Equal(0, env.Warnings(i));
                env.Reset(CounterRng.Key(7, (ulong)++episodes), obs);
            }
        }
        for (int i = 0; i < n; i++) Assert.Equal(0, env.Warnings(i));
    }

    [MujocoTheory]
    [MemberData(nameof(Tasks))]
    public void SameKeys_SameTrajectory_WhateverTheThreadSplit(string task, int observationSize, int actionSize)
    {
        const int n = 5, steps = 60;
        float[] Run(int threads)
        {
            using var env = Create(task, n, threads);
            var obs = new float[n * observationSize];
            var actions = new float[n * actionSize];
            var rewards = new float[n];
            var done = new byte[n];
            var trace = new List<float>();
            env.Reset(42, obs);
            trace.AddRange(obs);
            for (int t = 0; t < steps; t++)
            {
                RandomActions(env.Spec, 3, t, actions);
                env.Step(actions, obs, rewards, done);
                trace.AddRange(obs);
                trace.AddRange(rewards);
                trace.AddRange(done.Select(d => (float)d));
            }
            return [.. trace];
        }
        float[] single = Run(1);
        Assert.Equal(single, Run(1));
        Assert.Equal(single, Run(3));
        Assert.Equal(single, Run(5));
    }

    [MujocoTheory]
    [MemberData(nameof(Tasks))]
    public void Reset_DifferentKeysDifferentStarts_InstanceIndependentOfCount(string task, int observationSize, int actionSize)
    {
        _ = actionSize;
        using var two = Create(task, 2);
        using var one = Create(task, 1);
        var keys = new[] { CounterRng.Key(5, 0), CounterRng.Key(5, 1) };
        var obs2 = new float[2 * observationSize];
        var obs1 = new float[observationSize];
        two.Reset(keys, obs2);
        one.Reset(keys.AsSpan(1, 1), obs1);
        Assert.NotEqual(obs2[..observationSize], obs2[observationSize..]);
        Assert.Equal(obs2[observationSize..], obs1);
    }

    [MujocoFact]
    public void HalfCheetah_TruncatesAfterThousandSteps_ThenStaysDoneWithZeroReward()
    {
        using var env = new HalfCheetah(2);
        var obs = new float[2 * 17];
        var actions = new float[2 * 6];
        var rewards = new float[2];
        var done = new byte[2];
        env.Reset(1, obs);
        for (int t = 1; t <= 1000; t++)
        {
            RandomActions(env.Spec, 9, t, actions);
            env.Step(actions, obs, rewards, done);
            Assert.Equal(t == 1000 ? new byte[] { 1, 1 } : new byte[] { 0, 0 }, done);
        }
        double time = env.Time(0);
        Assert.Equal(1000 * env.Dt, time, 9);
        var last = obs.ToArray();
        env.Step(actions, obs, rewards, done);
        Assert.Equal(new byte[] { 1, 1 }, done);
        Assert.Equal(new float[2], rewards);
        Assert.Equal(last, obs);
        Assert.Equal(time, env.Time(0));   // a done instance is not simulated any more
    }

    [MujocoFact]
    public void Hopper_Reset_IsQpos0PlusCounterRngUniformNoise()
    {
        using var env = new Hopper(1);
        var obs = new float[11];
        ulong key = CounterRng.Key(99, 3);
        env.Reset([key], obs);
        const double s = 5e-3;
        ulong posKey = CounterRng.Key(key, 0), velKey = CounterRng.Key(key, 1);
        // obs = qpos[1:] (qpos0 = [0, 1.25, 0, 0, 0, 0]: rootz has ref 1.25) then qvel.
        Assert.Equal(1.25 + CounterRng.Uniform(posKey, 1, -s, s), obs[0], 6);
        for (int j = 2; j < 6; j++) Assert.Equal(CounterRng.Uniform(posKey, (ulong)j, -s, s), obs[j - 1], 6);
        for (int j = 0; j < 6; j++) Assert.Equal(CounterRng.Uniform(velKey, (ulong)j, -s, s), obs[5 + j], 6);
    }

    [MujocoFact]
    public void HalfCheetah_Reset_VelocitiesAreScaledNormals()
    {
        using var env = new HalfCheetah(1);
        var obs = new float[17];
        ulong key = CounterRng.Key(4, 4);
        env.Reset([key], obs);
        ulong velKey = CounterRng.Key(key, 1);
        for (int j = 0; j < 9; j++) Assert.Equal(0.1 * CounterRng.Normal(velKey, (ulong)j), obs[8 + j], 6);
    }

    [MujocoFact]
    public void Step_RejectsWrongActionLengthAndNonFiniteActions()
    {
        using var env = new Hopper(2);
        var obs = new float[22];
        env.Reset(0, obs);
        Assert.Throws<ArgumentException>(() => env.Step(new float[2], obs, new float[2], new byte[2]));
        var bad = new float[6];
        bad[4] = float.NaN;
        Assert.Throws<ArgumentException>(() => env.Step(bad, obs, new float[2], new byte[2]));
    }

    [MujocoFact]
    public void Model_BadXml_ReportsMujocosError()
    {
        var e = Assert.Throws<ArgumentException>(() => MujocoModel.FromXml("<mujoco><worldbody><body><geom type='sphere'/></body></wrongtag></mujoco>", "broken"));
        Assert.Contains("broken", e.Message);
        Assert.True(e.Message.Length > "MuJoCo could not load model 'broken': ".Length, e.Message);
    }

    [Fact]
    public void Registry_WithoutMujoco_SaysWhichPackagesToInstall()
    {
        if (MujocoNative.IsAvailable)
        {
            using var env = (IDisposable)TaskRegistry.Factory("hopper")(1);
            Assert.IsType<Hopper>(env);
            return;
        }
        var e = Assert.Throws<HadesUserException>(() => TaskRegistry.Factory("hopper")(1));
        Assert.Contains("libmujoco2.2.2", e.Message);
        Assert.Contains("libmujoco-dev", e.Message);
    }
}
