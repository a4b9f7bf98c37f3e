using Hades.Core.Random;
using Hades.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Policies.Methods;

/// <summary>
/// <c>rollouts</c> — classic policy distillation (Rusu et al. 2016) on teacher rollouts, the upper bound and the
/// only method that steps the environment: a pool of min(steps·batch, 50,000) states from ε-greedy (ε = 0.05)
/// teacher episodes (keys CounterRng.Key(seed, POOL, episode)), built once per process; batches are drawn from it,
/// so the teacher is queried as often as in the other methods.
/// </summary>
public sealed class RolloutsPolicyMethod(PolicyDistilParts parts) : PolicyMethod(parts)
{
    const double PoolEpsilon = 0.05;
    const int PoolCapacity = 50_000, PoolInstances = 16;

    readonly object poolLock = new();
    float[]? pool;

    public override PolicyChunk Begin(DistilState state)
    {
        var states = Pool();
        return new Chunk(Parts, TensorArrays.FromArray(states, states.Length / Parts.ObservationSize, Parts.ObservationSize));
    }

    /// <summary>The pool itself.</summary>
    public override float[] GeneratedSet(DistilState state, Generator g) => Pool();

    /// <summary>Builds the pool when this process has not yet (a run resumed only to be scored), so the measured
    /// environment steps are the pool's cost whatever the run's history.</summary>
    public override void PrepareScoring() => Pool();

    float[] Pool()
    {
        lock (poolLock) return pool ??= BuildPool();
    }

    float[] BuildPool()
    {
        int observationSize = Parts.ObservationSize, actions = Parts.Actions;
        int size = (int)Math.Min((long)Config.Steps * Config.BatchSize, PoolCapacity);
        var states = new List<float>(size * observationSize);
        using var noGrad = torch.no_grad();
        for (int batch = 0; states.Count < size * observationSize; batch++)
        {
            var env = Parts.DistillationEnvironments(PoolInstances);
            var keys = new ulong[PoolInstances];
            for (int e = 0; e < PoolInstances; e++) keys[e] = CounterRng.Key(Config.Seed, PolicyRngLabels.Pool, (ulong)(batch * PoolInstances + e));
            var obs = new float[PoolInstances * observationSize];
            var rewards = new float[PoolInstances];
            var done = new byte[PoolInstances];
            var act = new float[PoolInstances];
            env.Reset(keys, obs);
            for (int t = 0; t < env.Spec.MaxSteps && done.Any(d => d == 0) && states.Count < size * observationSize; t++)
            {
                using var scope = torch.NewDisposeScope();
                var greedy = TensorArrays.Argmax(Parts.TeacherLogits(TensorArrays.FromArray(obs, PoolInstances, observationSize)));
                for (int e = 0; e < PoolInstances; e++)
                {
                    ulong key = CounterRng.Key(keys[e], PolicyRngLabels.PoolEpsilon);
                    act[e] = CounterRng.Uniform(key, (ulong)(2 * t)) < PoolEpsilon
                        ? (int)(CounterRng.Uniform(key, (ulong)(2 * t + 1)) * actions) : greedy[e];
                    if (done[e] == 0 && states.Count < size * observationSize)
                        states.AddRange(obs.AsSpan(e * observationSize, observationSize));
                }
                env.Step(act, obs, rewards, done);
            }
        }
        return [.. states];
    }

    sealed class Chunk(PolicyDistilParts parts, Tensor pool) : PolicyChunk
    {
        public override Tensor StudentBatch(int step, Generator g) =>
            pool.index_select(0, torch.randint(pool.shape[0], [parts.Config.BatchSize], generator: g));

        public override void Dispose() => pool.Dispose();
    }
}
