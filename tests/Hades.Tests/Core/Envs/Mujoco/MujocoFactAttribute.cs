using Hades.Core.Envs.Mujoco;

namespace Hades.Tests.Core.Envs.Mujoco;

/// <summary>A test that needs MuJoCo 2.2.2 and libhades_mujoco.so; skipped, saying what to install, without them.</summary>
public sealed class MujocoFactAttribute : FactAttribute
{
    public MujocoFactAttribute()
    {
        if (MujocoNative.UnavailableReason is { } why) Skip = $"{MujocoNative.InstallHint} ({why})";
    }
}

/// <summary>The <see cref="TheoryAttribute"/> form of <see cref="MujocoFactAttribute"/>.</summary>
public sealed class MujocoTheoryAttribute : TheoryAttribute
{
    public MujocoTheoryAttribute()
    {
        if (MujocoNative.UnavailableReason is { } why) Skip = $"{MujocoNative.InstallHint} ({why})";
    }
}
