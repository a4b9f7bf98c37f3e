using System.Diagnostics;
using Hades.Core.Envs;
using Hades.Core.Envs.Mujoco;
using Hades.Core.Random;

namespace Hades.Tests.Core.Envs.Mujoco;

/// <summary><see cref="IChunkSteppedEnv.Step"/> of the MuJoCo environments: chunks whose actions are written on their own
/// thread step exactly as <see cref="IVectorEnv.Step"/> does, whatever the chunks.</summary>
public sealed class MujocoChunkedStepTests
{
    /// <summary>Uniform actions in 1.2 × the bounds (clipping exercised), a pure function of (step, instance, action).</summary>
    static void Actions(EnvSpec spec, int step, int begin, int end, float[] actions)
    {
        for (int i = begin; i < end; i++)
            for (int j = 0; j < spec.ActionSize; j++)
            {
                double bound = 1.2 * spec.ActionHigh[j];
                actions[i * spec.ActionSize + j] = (float)CounterRng.Uniform(CounterRng.Key(99UL, (ulong)step, (ulong)i), (ulong)j, -bound, bound);
            }
    }

    public static TheoryData<string, int[]> Splits => new()
    {
        { "hopper", [0, 6] },                 // one chunk
        { "hopper", [0, 3, 6] },
        { "walker2d", [0, 1, 6] },            // uneven
        { "inverted-double-pendulum", [0, 0, 4, 6] }, // an empty chunk
        { "halfcheetah", [0, 2, 4, 6] },
    };

    [MujocoTheory]
    [MemberData(nameof(Splits))]
    public void Chunked_steps_equal_plain_steps_bit_for_bit(string task, int[] bounds)
    {
        const int n = 6;
        using var plain = (MujocoVectorEnv)TaskRegistry.Factory(task)(n);
        using var chunked = (MujocoVectorEnv)TaskRegistry.Factory(task)(n);
        var spec = plain.Spec;
        float[] obsA = new float[n * spec.ObservationSize], obsB = new float[obsA.Length];
        float[] rewardsA = new float[n], rewardsB = new float[n];
        byte[] doneA = new byte[n], doneB = new byte[n];
        float[] actionsA = new float[n * spec.ActionSize], actionsB = new float[actionsA.Length];
        plain.Reset(5UL, obsA);
        chunked.Reset(5UL, obsB);
        int chunks = bounds.Length - 1, finished = 0;
        for (int step = 0; step < 300; step++)
        {
            Actions(spec, step, 0, n, actionsA);
            plain.Step(actionsA, obsA, rewardsA, doneA);
            var seen = new bool[n];
            chunked.Step(bounds, chunks, (begin, end) =>
            {
                for (int i = begin; i < end; i++) seen[i] = true;
                Actions(spec, step, begin, end, actionsB);
            }, actionsB, obsB, rewardsB, doneB);
            Assert.All(seen, Assert.True);
            Assert.Equal(obsA, obsB);
            Assert.Equal(rewardsA, rewardsB);
            Assert.Equal(doneA, doneB);
            finished = doneA.Count(d => d != 0);
        }
        if (task is "hopper" or "walker2d" or "inverted-double-pendulum")
            Assert.True(finished > 0, "random actions must end some episodes, so that done instances are exercised");
    }

    [MujocoFact]
    public void Bad_chunks_and_non_finite_actions_are_argument_errors()
    {
        using var env = new Hopper(4);
        var obs = new float[4 * env.Spec.ObservationSize];
        var actions = new float[4 * env.Spec.ActionSize];
        var rewards = new float[4];
        var done = new byte[4];
        env.Reset(1UL, obs);
        Assert.Throws<ArgumentException>(() => env.Step([0, 3], 1, (_, _) => { }, actions, obs, rewards, done));     // does not cover
        Assert.Throws<ArgumentException>(() => env.Step([0, 3, 2, 4], 3, (_, _) => { }, actions, obs, rewards, done)); // decreasing
        var ex = Assert.Throws<ArgumentException>(() => env.Step([0, 2, 4], 2, (begin, end) =>
        {
            if (begin == 2) actions[2 * env.Spec.ActionSize] = float.NaN;
        }, actions, obs, rewards, done));
        Assert.Contains("instance 2", ex.Message);
    }

    [Fact]
    public void The_busiest_thread_sets_the_physics_time()
    {
        Assert.Equal(7, MujocoVectorEnv.BusiestThread([3, 7], [1, 2], 2));     // two threads: the longer
        Assert.Equal(10, MujocoVectorEnv.BusiestThread([3, 7], [1, 1], 2));    // both chunks on one thread: their sum
        Assert.Equal(9, MujocoVectorEnv.BusiestThread([4, 5, 8], [1, 1, 2], 3));
    }
}

/// <summary>A chunked step clocks only the stepping: work done in the chunks' action callbacks never counts as physics.
/// Run alone (the physics clock is process-wide).</summary>
[Collection("physics-clock")]
public sealed class PhysicsClockChunkedTests
{
    [MujocoFact]
    public void Action_work_in_a_chunked_step_is_not_physics()
    {
        using var env = new HalfCheetah(4, threads: 2);
        var obs = new float[4 * env.Spec.ObservationSize];
        var actions = new float[4 * env.Spec.ActionSize];
        var rewards = new float[4];
        var done = new byte[4];
        env.Reset(3UL, obs);
        const int steps = 10;
        var spin = TimeSpan.FromMilliseconds(3);
        var before = PhysicsClock.Elapsed;
        var wall = Stopwatch.StartNew();
        for (int s = 0; s < steps; s++)
            env.Step([0, 2, 4], 2, (_, _) => { var t = Stopwatch.StartNew(); while (t.Elapsed < spin) { } }, actions, obs, rewards, done);
        wall.Stop();
        var physics = PhysicsClock.Elapsed - before;
        Assert.True(physics > TimeSpan.Zero, "stepping must be clocked");
        // every step spends at least 3 ms in the action callbacks before any stepping: none of it may be on the clock
        Assert.True(physics <= wall.Elapsed - steps * spin, $"physics {physics.TotalMilliseconds:0.0} ms of {wall.Elapsed.TotalMilliseconds:0.0} ms wall with {steps * spin.TotalMilliseconds} ms of action work");
    }
}

[CollectionDefinition("physics-clock", DisableParallelization = true)]
public sealed class PhysicsClockCollection;
