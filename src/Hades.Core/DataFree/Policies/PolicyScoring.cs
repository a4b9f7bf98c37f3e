using Hades.Core.Envs;
using Hades.Core.Random;
using Hades.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Policies;

/// <summary>
/// Scoring of policy students, the only place the data-free methods touch the environment: greedy episodes from
/// the fixed evaluation keys, agreement with another policy on the visited states, and the coverage distance of a
/// generated set.
/// </summary>
sealed class PolicyScoring(PolicyDistilParts parts, Func<int, IVectorEnv> environments)
{
    /// <summary>Base of the evaluation episode keys (episode e starts from CounterRng.Key(EvalSeed, e)): the same
    /// episodes for every run, teacher, student and random policy.</summary>
    public const ulong EvalSeed = PolicyDistilJob.EvalSeed;

    const int VisitedCap = 20_000, CoverageStates = 1000;

    /// <summary>Returns of greedy play per episode, and agreement of the compared policy with the acting one on the
    /// visited states, and the acting policy's action counts.</summary>
    public sealed record Play(double[] Returns, long Agreements, long States, long[] ActionCounts, long[] AgreementsPerAction, List<float> Visited);

    /// <param name="act">Logits of the acting policy; null plays uniformly random actions.</param>
    public Play RunEpisodes(int episodes, Func<Tensor, Tensor>? act, Func<Tensor, Tensor>? compare, bool keepStates = false)
    {
        int observationSize = parts.ObservationSize, actions = parts.Actions;
        var visited = new List<float>();
        var env = environments(episodes);
        var keys = new ulong[episodes];
        for (int e = 0; e < episodes; e++) keys[e] = CounterRng.Key(EvalSeed, (ulong)e);
        var obs = new float[episodes * observationSize];
        var rewards = new float[episodes];
        var done = new byte[episodes];
        var chosen = new float[episodes];
        var returns = new double[episodes];
        var counts = new long[actions];
        long agreements = 0, states = 0;
        var agreementsPerAction = new long[actions];
        env.Reset(keys, obs);
        using var noGrad = torch.no_grad();
        for (int t = 0; t < env.Spec.MaxSteps && done.Any(d => d == 0); t++)
        {
            using var scope = torch.NewDisposeScope();
            var x = TensorArrays.FromArray(obs, episodes, observationSize);
            int[]? greedy = act is null ? null : TensorArrays.Argmax(act(x));
            int[]? other = compare is null ? null : TensorArrays.Argmax(compare(x));
            for (int e = 0; e < episodes; e++)
            {
                int a = greedy?[e] ?? (int)(CounterRng.Uniform(CounterRng.Key(EvalSeed, PolicyRngLabels.Random, (ulong)e), (ulong)t) * actions);
                chosen[e] = a;
                if (done[e] != 0) continue;
                counts[a]++;
                states++;
                if (keepStates && visited.Count < VisitedCap * observationSize) visited.AddRange(obs.AsSpan(e * observationSize, observationSize));
                if (other is not null && other[e] == a) { agreements++; agreementsPerAction[a]++; }
            }
            env.Step(chosen, obs, rewards, done);
            for (int e = 0; e < episodes; e++) returns[e] += rewards[e];
        }
        return new Play(returns, agreements, states, counts, agreementsPerAction, visited);
    }

    public static double StandardDeviation(double[] values)
    {
        if (values.Length < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    public static double StandardError(double[] values) => values.Length < 2 ? 0 : StandardDeviation(values) / Math.Sqrt(values.Length);

    /// <summary>
    /// How well the generated set covers the teacher's on-policy states: the mean, over up to 1,000 evenly spaced
    /// states of the teacher's evaluation episodes, of the Euclidean distance to the nearest of 1,000 evenly spaced
    /// states of the generated set (all of it when smaller; the same number for every method), with
    /// every observation dimension divided by its standard deviation under the prior's uniform distribution (so 0 =
    /// every teacher state was generated; uniform samples of a d-dimensional box give roughly a fixed value per task).
    /// </summary>
    public double CoverageDistance(List<float> visited, float[] set)
    {
        int observationSize = parts.ObservationSize;
        int n = visited.Count / observationSize, g = set.Length / observationSize;
        if (n == 0 || g == 0) return double.NaN;
        using var threads = TorchThreads.Use(1);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var gen = new Generator(CounterRng.Key(EvalSeed, PolicyRngLabels.Sample));
        var scale = parts.Prior.SampleUniform(4096, gen).std([0]).clamp_min(parts.Scalars[3]);
        int take = Math.Min(n, CoverageStates);
        var rows = torch.tensor(Enumerable.Range(0, take).Select(i => (long)i * n / take).ToArray());
        var teacherStates = TensorArrays.FromArray(visited.ToArray(), n, observationSize).index_select(0, rows) / scale;
        int used = Math.Min(g, CoverageStates);
        var generatedRows = torch.tensor(Enumerable.Range(0, used).Select(i => (long)i * g / used).ToArray());
        var generatedStates = TensorArrays.FromArray(set, g, observationSize).index_select(0, generatedRows) / scale;
        var nearest = new List<Tensor>();
        for (int start = 0; start < take; start += 250)
        {
            var block = teacherStates.narrow(0, start, Math.Min(250, take - start));
            nearest.Add(torch.cdist(block, generatedStates).min(1).values);
        }
        return torch.cat(nearest, 0).mean().ToDouble();
    }
}
