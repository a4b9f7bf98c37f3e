using Hades.Core.Random;

namespace Hades.Core.Envs;

/// <summary>Uniformly random actions in <c>episodes</c> instances of a task until every episode ends: the
/// "random" baseline of normalised scores, and the source of fixed observation statistics. Discrete actions are
/// uniform over the action indices, continuous ones uniform between the spec's action bounds.</summary>
public static class RandomRollout
{
    /// <param name="observe">Called with the observations and done flags after the reset and after every step.</param>
    /// <param name="minAtar">Options of a MinAtar-style task (default <see cref="MinAtar.MinAtarOptions.Default"/>).</param>
    /// <returns>The mean undiscounted return.</returns>
    public static double Run(string task, int episodes, ulong key, Action<float[], byte[]>? observe = null,
        MinAtar.MinAtarOptions? minAtar = null)
    {
        var env = TaskRegistry.Factory(task, minAtar ?? MinAtar.MinAtarOptions.Default)(episodes);
        using var owned = env as IDisposable; // MuJoCo envs hold native models
        var spec = env.Spec;
        var obs = new float[episodes * spec.ObservationSize];
        var rewards = new float[episodes]; var done = new byte[episodes]; var actions = new float[episodes * spec.ActionSize];
        env.Reset(key, obs);
        observe?.Invoke(obs, done);
        double total = 0;
        for (int step = 0; step < spec.MaxSteps && done.Any(d => d == 0); step++)
        {
            Actions(spec, key, step, actions);
            env.Step(actions, obs, rewards, done);
            observe?.Invoke(obs, done);
            total += rewards.Sum();
        }
        return total / episodes;
    }

    /// <summary>The random actions of step <paramref name="step"/> for every instance (<paramref name="actions"/> holds
    /// Count × ActionSize): instance i's draws come from <c>CounterRng.Key(key, i)</c> (discrete) or
    /// <c>CounterRng.Key(key, i, a)</c> (continuous component a).</summary>
    public static void Actions(EnvSpec spec, ulong key, int step, Span<float> actions)
    {
        int count = actions.Length / spec.ActionSize;
        for (int i = 0; i < count; i++)
        {
            if (spec.IsDiscrete)
            {
                actions[i] = (int)(CounterRng.Uniform(CounterRng.Key(key, (ulong)i), (ulong)step) * spec.ActionCount);
                continue;
            }
            for (int a = 0; a < spec.ActionSize; a++)
                actions[i * spec.ActionSize + a] = (float)CounterRng.Uniform(CounterRng.Key(key, (ulong)i, (ulong)a),
                    (ulong)step, spec.ActionLow[a], spec.ActionHigh[a]);
        }
    }
}
