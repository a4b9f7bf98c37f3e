using System.Globalization;
using Hades.Core;
using Hades.Core.DataFree;
using Hades.Core.Datasets;
using Hades.Core.Random;

namespace Hades.Tests.Actors.DataFree;

/// <summary>
/// A tiny deterministic <see cref="IDistilJob"/> for the actor and CLI tests: the state is four floats, each step
/// multiplies them by 0.9 and adds counter-RNG noise keyed by (seed, step), so Advance is a pure function of
/// (config, state, steps) like a real job, and the score is a function of the state.
/// </summary>
public sealed class FakeDistilJob(DistilConfig config) : IDistilJob
{
    readonly List<int> advancedFrom = [];

    public DistilConfig Config => config;

    /// <summary>The state step of every Advance call made on this instance.</summary>
    public IReadOnlyList<int> AdvancedFrom { get { lock (advancedFrom) return [.. advancedFrom]; } }

    /// <summary>Called after each Advance with the step reached (tests use it to interrupt a run).</summary>
    public Action<int>? AfterAdvance { get; set; }

    /// <summary>Advance throws when it would start at this step (a failing job).</summary>
    public int? FailAt { get; set; }

    public DistilState Initial() => new(0, [Npz.Named.Floats("w", [4], [1f, -1f, 0.5f, 2f])]);

    public DistilChunk Advance(DistilState state, int steps)
    {
        lock (advancedFrom) advancedFrom.Add(state.Step);
        if (state.Step == FailAt) throw new InvalidOperationException("the fake job broke\nsecond line");
        var w = state.Floats("w");
        ulong key = CounterRng.Key(config.Seed, 0x46414B45UL);
        for (int s = state.Step; s < state.Step + steps; s++)
            for (int i = 0; i < w.Length; i++)
                w[i] = 0.9f * w[i] + (float)(0.1 * CounterRng.Normal(CounterRng.Key(key, (ulong)s), (ulong)i));
        var next = new DistilState(state.Step + steps, [Npz.Named.Floats("w", [4], w)]);
        double loss = w.Average(v => (double)v * v);
        AfterAdvance?.Invoke(next.Step);
        return new DistilChunk(next, loss, 1 / (1 + loss));
    }

    /// <summary>Score: 100 − 10·Σ|w| over the first <paramref name="episodes"/> (at most 4) weights.</summary>
    public static double Score(DistilState state, int episodes) => 100 - 10 * state.Floats("w").Take(Math.Max(1, Math.Min(4, episodes))).Sum(v => Math.Abs(v));

    public DistilScore Evaluate(DistilState state, int episodes) =>
        new("fake score", Score(state, episodes), new Dictionary<string, double> { ["w0"] = state.Floats("w")[0], ["step"] = state.Step });

    public void WriteOutputs(DistilState state, string runDir) =>
        File.WriteAllText(Path.Combine(runDir, "student.txt"),
            string.Join(",", state.Floats("w").Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + $" at {state.Step}\n");

    public void Dispose() { }
}

/// <summary>The factory seam with the fake job: remembers every job it built; refuses methods other than gas/uniform.</summary>
public sealed class FakeJobs
{
    readonly List<FakeDistilJob> built = [];

    public IReadOnlyList<FakeDistilJob> Built { get { lock (built) return [.. built]; } }

    public Action<FakeDistilJob>? Configure { get; set; }

    /// <summary>When set, building a job throws this message (a factory that fails before the run starts).</summary>
    public string? FailToBuild { get; set; }

    public IDistilJob Create(DistilConfig config, Action<string> progress)
    {
        if (config.Method is not ("gas" or "uniform")) throw new HadesUserException($"unknown method \"{config.Method}\"");
        if (FailToBuild is { } hook) throw new InvalidOperationException(hook);
        var job = new FakeDistilJob(config);
        Configure?.Invoke(job);
        lock (built) built.Add(job);
        return job;
    }
}
