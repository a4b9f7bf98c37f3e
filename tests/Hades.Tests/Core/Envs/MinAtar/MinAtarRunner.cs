using Hades.Core.Envs;
using Hades.Core.Envs.MinAtar;
using Hades.Core.Random;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Buffers and grid look-ups around one MinAtar-style environment.</summary>
internal sealed class MinAtarRunner<TEnv> where TEnv : MinAtarEnv
{
    public readonly TEnv Env;
    public readonly int Channels;
    public readonly float[] Actions;
    public readonly float[] Observations;
    public readonly float[] Rewards;
    public readonly byte[] Done;

    public MinAtarRunner(TEnv env)
    {
        Env = env;
        Channels = env.Spec.ObservationSize / 100;
        Actions = new float[env.Count];
        Observations = new float[env.Count * env.Spec.ObservationSize];
        Rewards = new float[env.Count];
        Done = new byte[env.Count];
    }

    public int Count => Env.Count;

    public void Reset(ulong seed) => Env.Reset(seed, Observations);

    public void Reset(ulong[] keys) => Env.Reset(keys, Observations);

    /// <summary>Steps every instance with the same action; returns instance 0's reward.</summary>
    public float Step(int action)
    {
        Array.Fill(Actions, action);
        Env.Step(Actions, Observations, Rewards, Done);
        return Rewards[0];
    }

    public void Step() => Env.Step(Actions, Observations, Rewards, Done);

    /// <summary>Re-renders the observations after a test edited the state.</summary>
    public void Refresh() => Env.Observe(Observations);

    /// <summary>Uniformly random actions for every instance, from (key, step).</summary>
    public void RandomActions(ulong key, int step)
    {
        for (int i = 0; i < Count; i++)
            Actions[i] = (int)(CounterRng.Uniform(CounterRng.Key(key, (ulong)i), (ulong)step) * Env.Spec.ActionCount);
    }

    public float[] ObservationOf(int instance) =>
        Observations.AsSpan(instance * Env.Spec.ObservationSize, Env.Spec.ObservationSize).ToArray();

    public bool Has(int instance, int row, int col, int channel) =>
        Observations[instance * Env.Spec.ObservationSize + (row * 10 + col) * Channels + channel] == 1f;

    /// <summary>The (row, col) cells where <paramref name="channel"/> is on, in row-major order.</summary>
    public List<(int Row, int Col)> Cells(int instance, int channel)
    {
        var cells = new List<(int, int)>();
        for (int row = 0; row < 10; row++)
            for (int col = 0; col < 10; col++)
                if (Has(instance, row, col, channel)) cells.Add((row, col));
        return cells;
    }
}

internal static class MinAtarRunner
{
    public static MinAtarRunner<TEnv> Of<TEnv>(TEnv env) where TEnv : MinAtarEnv => new(env);

    /// <summary>Every game by task name, with a factory taking (count, sticky probability, ramping).</summary>
    public static readonly Dictionary<string, Func<int, double, bool, MinAtarEnv>> Games = new()
    {
        ["breakout"] = (n, p, r) => new Breakout(n, p, r),
        ["space-invaders"] = (n, p, r) => new SpaceInvaders(n, p, r),
        ["asterix"] = (n, p, r) => new Asterix(n, p, r),
        ["freeway"] = (n, p, r) => new Freeway(n, p, r),
        ["seaquest"] = (n, p, r) => new Seaquest(n, p, r),
    };

    public static TheoryData<string> GameNames => new(Games.Keys);

    public static MinAtarRunner<MinAtarEnv> Create(string game, int count, double sticky = 0.1, bool ramping = true) =>
        new(Games[game](count, sticky, ramping));
}
