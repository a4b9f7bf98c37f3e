using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Hades.Core.Envs;
using Hades.Core.Envs.Mujoco;

namespace Hades.Core.Training;

/// <summary>
/// Environments kept between rollouts, per environment factory (a problem's <c>makeEnv</c>) and instance count, so
/// that a generation's rollouts do not each compile the model and allocate every instance anew (for MuJoCo tasks with
/// the zero dataset's short episodes, creating the environment cost as much as a quarter of the rollout). Only
/// environments whose <see cref="IVectorEnv.Reset"/> rebuilds every instance from its key alone are kept: MuJoCo
/// (<c>mj_resetData</c>, then the key's qpos/qvel and <c>mj_forward</c>; the wrapper's per-instance step counts, done
/// flags and rewards are reset too), so a reused environment gives the same episodes bit for bit as a fresh one.
/// Others (MinAtar's sticky-action generator, for one) are made fresh for every rollout, as before. A pool lives as
/// long as its factory.
/// </summary>
public static class RolloutEnvPool
{
    static readonly ConditionalWeakTable<Func<int, IVectorEnv>, ConcurrentDictionary<int, ConcurrentBag<IVectorEnv>>> Pools = new();

    /// <summary>An environment of <paramref name="count"/> instances from <paramref name="factory"/>: a kept one if any.</summary>
    public static IVectorEnv Rent(Func<int, IVectorEnv> factory, int count)
    {
        if (Pools.TryGetValue(factory, out var pool) && pool.TryGetValue(count, out var bag) && bag.TryTake(out var env)) return env;
        return factory(count);
    }

    /// <summary>Keeps <paramref name="env"/> for the next rollout of the same factory and size when its reset is complete.</summary>
    public static void Return(Func<int, IVectorEnv> factory, IVectorEnv env)
    {
        if (!ResetsCompletely(env)) return;
        Pools.GetOrCreateValue(factory).GetOrAdd(env.Count, _ => new ConcurrentBag<IVectorEnv>()).Add(env);
    }

    /// <summary>True for environments whose reset restores every instance from its key alone.</summary>
    public static bool ResetsCompletely(IVectorEnv env) => env is MujocoVectorEnv;
}
