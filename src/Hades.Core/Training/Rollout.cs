using System.Runtime.InteropServices;
using Hades.Core.Envs;
using Hades.Core.Policies;
using Hades.Core.Random;
using Hades.Core.Training.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Training;

/// <summary>
/// Scores B trained policies in one vector env of B·E instances. Under <see cref="FitnessProtocol.Episode"/> each
/// policy plays E episodes; episode e of every policy starts from the same state (key <c>CounterRng.Key(episodeSeed, e)</c>):
/// common random numbers, so candidates are compared on equal terms (with <c>commonStarts: false</c> every instance
/// gets its own start, for evaluation). The step-budget protocols (<see cref="FitnessProtocol.LastFinished"/>,
/// <see cref="FitnessProtocol.FinishedMean"/>) run E envs per policy for S steps each, starting a new episode
/// whenever one ends (round r of slot i starts from <c>CounterRng.Key(episodeSeed, i, r)</c>). With
/// <c>obsOffset</c>/<c>obsScale</c> policies see (obs − offset)/scale; with <c>runningNorm</c> each policy sees its
/// observations normalised by its own <see cref="RunningObservationStats"/>, fresh for this call and updated with
/// every observation it acts on (its instances that are still playing: in an unfinished episode within budget), so a
/// policy's score does not depend on which other policies share the batch. Continuous-action tasks need <c>logStd</c>
/// ([B, 1, A]): actions are the network's mean (greedy) or mean + exp(logStd)·ε (sample), clipped to the action
/// bounds before the environment sees them (the paper's <c>ClipAction</c>). Every environment step taken is counted.
/// On the CPU the policies' forward passes run in <see cref="FusedMlpForward"/> and skip instances whose episode has
/// finished (or whose step budget is spent): the environment ignores their actions. There, environments that step a
/// range of instances at a time (MuJoCo) play one policy at a time per worker (<c>Rollout.ByPolicy.cs</c>), with the
/// same results as in lock step.
/// </summary>
public static partial class Rollout
{
    /// <summary>Whole episodes; the mean undiscounted return per policy.</summary>
    public static float[] Run(BatchedMlp policies, Func<int, IVectorEnv> makeEnv, int episodes, ulong episodeSeed,
        ActionSelection selection, Device device, bool commonStarts = true, float[]? obsOffset = null, float[]? obsScale = null,
        Tensor? logStd = null, bool runningNorm = false) =>
        Score(policies, makeEnv, RolloutProtocol.Episodes(episodes), episodeSeed, selection, device, commonStarts, obsOffset, obsScale, logStd, runningNorm).Returns;

    /// <summary>Scores every policy under <paramref name="protocol"/> and counts the environment steps taken.</summary>
    public static RolloutResult Score(BatchedMlp policies, Func<int, IVectorEnv> makeEnv, RolloutProtocol protocol, ulong episodeSeed,
        ActionSelection selection, Device device, bool commonStarts = true, float[]? obsOffset = null, float[]? obsScale = null,
        Tensor? logStd = null, bool runningNorm = false)
    {
        int b = policies.Members, e = protocol.Envs, n = b * e;
        var env = RolloutEnvPool.Rent(makeEnv, n);
        using var actor = new Actor(policies, env.Spec, b, e, selection, device, obsOffset, obsScale, logStd, episodeSeed, runningNorm);
        using var noGrad = torch.no_grad();
        var ranged = actor.Fused ? env as IRangeSteppedEnv : null;
        var result = (protocol.Kind == FitnessProtocol.Episode, ranged) switch
        {
            (true, null) => Episodes(env, actor, b, e, episodeSeed, commonStarts),
            (true, _) => EpisodesByPolicy(ranged, actor, b, e, episodeSeed, commonStarts),
            (false, null) => StepBudget(env, actor, protocol, b, e, episodeSeed, commonStarts),
            (false, _) => StepBudgetByPolicy(ranged, actor, protocol, b, e, episodeSeed, commonStarts),
        };
        RolloutEnvPool.Return(makeEnv, env);
        return result;
    }

    static RolloutResult Episodes(IVectorEnv env, Actor actor, int b, int e, ulong episodeSeed, bool commonStarts)
    {
        int n = b * e;
        var (obs, rewards, done) = StepBuffers(env);
        var returns = new double[n];
        var steps = new long[n];
        var active = new bool[n];
        env.Reset(EpisodeKeys(n, e, episodeSeed, commonStarts), obs);
        for (int step = 0; step < env.Spec.MaxSteps; step++)
        {
            for (int i = 0; i < n; i++) if (active[i] = done[i] == 0) steps[i]++;
            env.Step(actor.Act(obs, step, active), obs, rewards, done);
            bool allDone = true;
            for (int i = 0; i < n; i++) { returns[i] += rewards[i]; allDone &= done[i] != 0; }
            if (allDone) break;
        }
        return EpisodeResult(b, e, returns, steps);
    }

    /// <summary>A step's observations, rewards and done flags for every instance of <paramref name="env"/>.</summary>
    static (float[] Observations, float[] Rewards, byte[] Done) StepBuffers(IVectorEnv env) =>
        (new float[env.Count * env.Spec.ObservationSize], new float[env.Count], new byte[env.Count]);

    /// <summary>Episode e of every policy starts from key <c>CounterRng.Key(seed, e)</c> (common starts), or every
    /// instance from its own.</summary>
    static ulong[] EpisodeKeys(int n, int e, ulong episodeSeed, bool commonStarts)
    {
        var keys = new ulong[n];
        for (int i = 0; i < n; i++) keys[i] = CounterRng.Key(episodeSeed, (ulong)(commonStarts ? i % e : i));
        return keys;
    }

    static RolloutResult EpisodeResult(int b, int e, double[] returns, long[] steps)
    {
        var result = new RolloutResult(new float[b], new long[b], new double[b], new long[b]);
        for (int m = 0; m < b; m++)
        {
            double sum = 0;
            for (int k = 0; k < e; k++) { sum += returns[m * e + k]; result.Steps[m] += steps[m * e + k]; }
            result.Returns[m] = (float)(sum / e);
            result.FinishedReturnSum[m] = sum;
            result.FinishedEpisodes[m] = e;
        }
        return result;
    }

    /// <summary>
    /// The step-budget protocols without per-instance resets: in rounds, every instance starts a new episode; an
    /// instance whose slot has steps left plays until its episode ends (finished: its return is recorded) or the
    /// slot's budget runs out (unfinished: not recorded). Rounds go on while any slot has budget left; only steps
    /// within a slot's budget count (instances out of budget are stepped but ignored). An episode reaching the
    /// environment's step limit ends there (truncation counts as finished, as gymnax's done flag does). Actions are
    /// sampled at counter <see cref="SampleCounter"/>(round, step) of their instance's key.
    /// </summary>
    static RolloutResult StepBudget(IVectorEnv env, Actor actor, RolloutProtocol protocol, int b, int e, ulong episodeSeed, bool commonStarts)
    {
        int n = b * e, maxSteps = env.Spec.MaxSteps;
        var book = new StepBudgetBook(n, e, protocol.Steps, episodeSeed, commonStarts);
        var (obs, rewards, done) = StepBuffers(env);
        for (ulong round = 0; book.HasBudget(0, n); round++)
        {
            book.StartRound(0, n, round);
            env.Reset(book.Keys, obs);
            Array.Clear(done);
            for (int step = 0; step < maxSteps && book.AnyPlaying(0, n); step++)
            {
                env.Step(actor.Act(obs, SampleCounter(round, step, maxSteps), book.Playing), obs, rewards, done);
                book.Record(0, n, step == maxSteps - 1, rewards, done);
            }
        }
        return book.Result(b, protocol.Kind);
    }

    /// <summary>The sampling counter of step <paramref name="step"/> of round <paramref name="round"/>: unique per
    /// instance, and independent of how long other instances' episodes last (a batch-wide running step count made
    /// a policy's later rounds depend on the other policies in its batch).</summary>
    static long SampleCounter(ulong round, int step, int maxSteps) => (long)round * maxSteps + step;

    static float[] ToFloats(Tensor t)
    {
        using var c = t.cpu().contiguous();
        return MemoryMarshal.Cast<byte, float>(c.bytes).ToArray();
    }

    static int SampleIndex(ReadOnlySpan<float> p, double u)
    {
        double c = 0;
        for (int a = 0; a < p.Length - 1; a++) { c += p[a]; if (u < c) return a; }
        return p.Length - 1;
    }
}
