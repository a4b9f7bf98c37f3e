using Hades.Core.Envs;
using Hades.Core.Envs.Mujoco;

namespace Hades.Tests.Core.Envs.Mujoco;

/// <summary>The physics clock (used by `hades bench` for the physics share) advances while MuJoCo instances step.
/// (It is process-wide and other tests step MuJoCo in parallel, so only the increase is checked.)</summary>
public sealed class PhysicsClockTests
{
    [MujocoFact]
    public void Stepping_advances_the_physics_clock()
    {
        using var env = new HalfCheetah(4);
        var obs = new float[4 * env.Spec.ObservationSize];
        env.Reset(7UL, obs);
        var before = PhysicsClock.Elapsed;
        var actions = new float[4 * env.Spec.ActionSize];
        var rewards = new float[4];
        var done = new byte[4];
        for (int s = 0; s < 50; s++) env.Step(actions, obs, rewards, done);
        Assert.True(PhysicsClock.Elapsed > before, "50 steps of 4 half-cheetahs must take measurable time");
    }
}

/// <summary>MuJoCo's reset calls count as physics too (the drawing of start states and the first observations do not).</summary>
public sealed class PhysicsClockResetTests
{
    [MujocoFact]
    public void Resetting_advances_the_physics_clock()
    {
        using var env = new Humanoid(16);
        var obs = new float[16 * env.Spec.ObservationSize];
        var before = PhysicsClock.Elapsed;
        for (int r = 0; r < 5; r++) env.Reset((ulong)r, obs);
        Assert.True(PhysicsClock.Elapsed > before, "80 MuJoCo resets (mj_resetData, mj_forward) must take measurable time");
    }
}
