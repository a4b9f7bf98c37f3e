using System.Runtime.CompilerServices;
using Hades.Core.Envs;
using Hades.Core.Envs.Mujoco;
using Hades.Core.Threading;
using Hades.Core.Training.Cpu;
using TorchSharp;

namespace Hades.Core.Training;

/// <summary>
/// Rollouts played one policy at a time, for environments that step a range of instances on the calling thread
/// (<see cref="IRangeSteppedEnv"/>, MuJoCo): each of the torch thread count's workers takes the next policy and plays
/// its E instances to the end of the protocol, then takes another. A policy's weights (280 KB at 256-256) and its
/// instances' simulator state then stay in the worker core's cache throughout; in lock step, every step streamed every
/// policy's weights back from L3 after the physics had evicted them. Before a policy's first step its worker reads
/// its weights once in address order (<see cref="FusedMlpForward.WarmMember"/>): they start in main memory (a
/// population's 256-256 policies outgrow the last-level cache), and the first forward's panel-by-panel reads fetched
/// them at about half the sequential rate. Every instance sees the same observations,
/// actions (sampling is keyed by instance and step) and rewards as in lock step, so the scores are bit for bit the
/// same. The physics clock gets the workers' simulator time divided by the number of workers: the share of the
/// rollout's wall time its workers spent in physics.
/// </summary>
public static partial class Rollout
{
    static RolloutResult EpisodesByPolicy(IRangeSteppedEnv env, Actor actor, int b, int e, ulong episodeSeed, bool commonStarts)
    {
        int n = b * e, maxSteps = env.Spec.MaxSteps;
        var (obs, rewards, done) = StepBuffers(env);
        var returns = new double[n];
        var steps = new long[n];
        var active = new bool[n];
        var keys = EpisodeKeys(n, e, episodeSeed, commonStarts);
        ForEachPolicy(b, e, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (m, scratch) =>
        {
            int first = m * e, end = first + e;
            long ticks = env.ResetRange(first, end, keys, obs);
            actor.WarmPolicy(m);
            for (int step = 0; step < maxSteps; step++)
            {
                for (int i = first; i < end; i++) if (active[i] = done[i] == 0) steps[i]++;
                ticks += env.StepRange(first, end, actor.ActPolicy(m, obs, step, active, scratch), obs, rewards, done);
                bool allDone = true;
                for (int i = first; i < end; i++) { returns[i] += rewards[i]; allDone &= done[i] != 0; }
                if (allDone) break;
            }
            return ticks;
        });
        return EpisodeResult(b, e, returns, steps);
    }

    static RolloutResult StepBudgetByPolicy(IRangeSteppedEnv env, Actor actor, RolloutProtocol protocol, int b, int e, ulong episodeSeed, bool commonStarts)
    {
        int n = b * e, maxSteps = env.Spec.MaxSteps;
        var book = new StepBudgetBook(n, e, protocol.Steps, episodeSeed, commonStarts);
        var (obs, rewards, done) = StepBuffers(env);
        ForEachPolicy(b, e, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (m, scratch) =>
        {
            int first = m * e, end = first + e;
            long ticks = 0;
            actor.WarmPolicy(m);
            for (ulong round = 0; book.HasBudget(first, end); round++)
            {
                book.StartRound(first, end, round);
                ticks += env.ResetRange(first, end, book.Keys, obs);
                Array.Clear(done, first, e);
                for (int step = 0; step < maxSteps && book.AnyPlaying(first, end); step++)
                {
                    ticks += env.StepRange(first, end, actor.ActPolicy(m, obs, SampleCounter(round, step, maxSteps), book.Playing, scratch), obs, rewards, done);
                    book.Record(first, end, step == maxSteps - 1, rewards, done);
                }
            }
            return ticks;
        });
        return book.Result(b, protocol.Kind);
    }

    /// <summary>
    /// Plays every policy m with <paramref name="play"/>(m, an E-long scratch array), which returns its simulator
    /// ticks, on min(B, torch threads) workers taking policies as they finish. Policies played at the same time lie a
    /// share apart (0, s, 2s, …, then 1, s + 1, … for s = ⌈B/W⌉): neighbours' entries share cache lines in every
    /// per-instance array, here and in the environment. The workers are the <see cref="WorkerCrew"/>'s (its helpers
    /// start within microseconds; the thread pool's took milliseconds of a phase lasting tens). The first failure is
    /// rethrown as itself.
    /// </summary>
    static void ForEachPolicy(int b, int e, Func<int, int[], long> play)
    {
        int workers = Math.Max(1, Math.Min(b, torch.get_num_threads())), next = -1, share = (b + workers - 1) / workers;
        var order = Enumerable.Range(0, b).OrderBy(m => m % share).ThenBy(m => m / share).ToArray();
        long physicsTicks = 0;
        void Work()
        {
            var scratch = new int[e];
            long ticks = 0;
            for (int c; (c = Interlocked.Increment(ref next)) < b;) ticks += play(order[c], scratch);
            Interlocked.Add(ref physicsTicks, ticks);
        }
        WorkerCrew.Shared.Run(workers, _ => Work());
        PhysicsClock.Add(physicsTicks / workers);
    }
}
