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
/// finished (or whose step budget is spent): the environment ignores their actions.
/// </summary>
public static class Rollout
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
        var result = protocol.Kind != FitnessProtocol.Episode ? StepBudget(env, actor, protocol, b, e, episodeSeed, commonStarts)
            : env is IRangeSteppedEnv ranged && actor.Fused ? EpisodesByPolicy(ranged, actor, b, e, episodeSeed, commonStarts)
            : Episodes(env, actor, b, e, episodeSeed, commonStarts);
        RolloutEnvPool.Return(makeEnv, env);
        return result;
    }

    static RolloutResult Episodes(IVectorEnv env, Actor actor, int b, int e, ulong episodeSeed, bool commonStarts)
    {
        int n = b * e;
        var obs = new float[n * env.Spec.ObservationSize];
        var rewards = new float[n];
        var done = new byte[n];
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

    /// <summary>
    /// <see cref="Episodes"/> played one policy at a time: each of the torch thread count's workers takes the next
    /// policy and steps its E instances (on its own thread, <see cref="IRangeSteppedEnv.StepRange"/>) until all of
    /// their episodes end, then takes another. A policy's weights (280 KB at 256-256) and its instances' simulator
    /// state then stay in the worker core's cache for the whole episode; stepped in lock step, every step streamed
    /// every policy's weights back from L3 after the physics had evicted them. Every instance sees the same
    /// observations, actions (sampling is keyed by instance and step) and rewards as in lock step, so the returns
    /// are bit for bit the same. The physics clock gets the workers' simulator time divided by the number of
    /// workers: the share of the rollout's wall time its workers spent in physics.
    /// </summary>
    static RolloutResult EpisodesByPolicy(IRangeSteppedEnv env, Actor actor, int b, int e, ulong episodeSeed, bool commonStarts)
    {
        int n = b * e, maxSteps = env.Spec.MaxSteps;
        var obs = new float[n * env.Spec.ObservationSize];
        var rewards = new float[n];
        var done = new byte[n];
        var returns = new double[n];
        var steps = new long[n];
        var active = new bool[n];
        env.Reset(EpisodeKeys(n, e, episodeSeed, commonStarts), obs);
        int workers = Math.Min(b, Math.Max(1, torch.get_num_threads())), next = -1;
        long physicsTicks = 0;
        // policies played at the same time lie a share apart (0, s, 2s, …, then 1, s + 1, … for s = ⌈B/W⌉): neighbours'
        // entries share cache lines in every per-instance array, here and in the environment
        int share = (b + workers - 1) / workers;
        var order = Enumerable.Range(0, b).OrderBy(m => m % share).ThenBy(m => m / share).ToArray();
        void Work()
        {
            var scratch = new int[e];
            long ticks = 0;
            for (int c; (c = Interlocked.Increment(ref next)) < b;)
            {
                int m = order[c];
                int first = m * e, end = first + e;
                for (int step = 0; step < maxSteps; step++)
                {
                    for (int i = first; i < end; i++) if (active[i] = done[i] == 0) steps[i]++;
                    ticks += env.StepRange(first, end, actor.ActPolicy(m, obs, step, active, scratch), obs, rewards, done);
                    bool allDone = true;
                    for (int i = first; i < end; i++) { returns[i] += rewards[i]; allDone &= done[i] != 0; }
                    if (allDone) break;
                }
            }
            Interlocked.Add(ref physicsTicks, ticks);
        }
        if (workers == 1) Work();
        else
            try { Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work()); }
            catch (AggregateException failed) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.InnerExceptions[0]).Throw(); }
        Envs.Mujoco.PhysicsClock.Add(physicsTicks / workers);
        return EpisodeResult(b, e, returns, steps);
    }

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
    /// environment's step limit ends there (truncation counts as finished, as gymnax's done flag does).
    /// </summary>
    static RolloutResult StepBudget(IVectorEnv env, Actor actor, RolloutProtocol protocol, int b, int e, ulong episodeSeed, bool commonStarts)
    {
        int n = b * e, budget = protocol.Steps, maxSteps = env.Spec.MaxSteps;
        var obs = new float[n * env.Spec.ObservationSize];
        var rewards = new float[n];
        var done = new byte[n];
        var used = new long[n];
        var episodeReturn = new double[n];
        var lastFinished = new double[n];
        var finishedSum = new double[n];
        var finishedCount = new long[n];
        var keys = new ulong[n];
        var playing = new bool[n];
        int sampleStep = 0;
        for (ulong round = 0; used.Any(u => u < budget); round++)
        {
            for (int i = 0; i < n; i++)
            {
                keys[i] = CounterRng.Key(episodeSeed, (ulong)(commonStarts ? i % e : i), round);
                playing[i] = used[i] < budget;
                episodeReturn[i] = 0;
            }
            env.Reset(keys, obs);
            Array.Clear(done);
            for (int step = 0; step < maxSteps && playing.Any(p => p); step++)
            {
                env.Step(actor.Act(obs, sampleStep++, playing), obs, rewards, done);
                for (int i = 0; i < n; i++)
                {
                    if (!playing[i]) continue;
                    used[i]++;
                    episodeReturn[i] += rewards[i];
                    if (done[i] != 0 || step == maxSteps - 1) Finish(i);
                    else if (used[i] >= budget) playing[i] = false;
                }
            }
        }
        void Finish(int i)
        {
            playing[i] = false;
            lastFinished[i] = episodeReturn[i];
            finishedSum[i] += episodeReturn[i];
            finishedCount[i]++;
        }
        var result = new RolloutResult(new float[b], new long[b], new double[b], new long[b]);
        for (int m = 0; m < b; m++)
        {
            double lastSum = 0;
            for (int k = 0; k < e; k++)
            {
                int i = m * e + k;
                lastSum += finishedCount[i] > 0 ? lastFinished[i] : 0;
                result.Steps[m] += used[i];
                result.FinishedReturnSum[m] += finishedSum[i];
                result.FinishedEpisodes[m] += finishedCount[i];
            }
            result.Returns[m] = protocol.Kind == FitnessProtocol.LastFinished
                ? (float)(lastSum / e)
                : result.FinishedEpisodes[m] > 0 ? (float)(result.FinishedReturnSum[m] / result.FinishedEpisodes[m]) : 0f;
        }
        return result;
    }

    /// <summary>Turns observations into actions for every instance (B policies × E instances each).</summary>
    sealed class Actor : IDisposable
    {
        readonly BatchedMlp policies;
        readonly EnvSpec spec;
        readonly int b, e, n;
        readonly ActionSelection selection;
        readonly Device device;
        readonly float[]? obsOffset, obsScale, std;
        readonly float[] act;
        readonly float[]? probs;
        readonly long[] greedy;
        readonly ulong sampleKey;
        readonly Tensor? input; // the torch path's observations (null on the fused path)
        readonly FusedMlpForward? fused;
        readonly float[]? normalised, outputs;
        readonly RunningObservationStats[]? running;
        readonly int[] rows;

        public Actor(BatchedMlp policies, EnvSpec spec, int b, int e, ActionSelection selection, Device device,
            float[]? obsOffset, float[]? obsScale, Tensor? logStd, ulong episodeSeed, bool runningNorm)
        {
            if (!spec.IsDiscrete && logStd is null) throw new ArgumentException("continuous-action rollouts need the policies' log-std");
            this.policies = policies; this.spec = spec; this.b = b; this.e = e; n = b * e;
            this.selection = selection; this.device = device; this.obsOffset = obsOffset; this.obsScale = obsScale;
            std = logStd is null ? null : ToFloats(logStd.detach().exp());
            act = new float[n * spec.ActionSize];
            probs = selection == ActionSelection.Sample ? new float[n * spec.ActionCount] : null;
            greedy = new long[n];
            sampleKey = CounterRng.Key(episodeSeed, 0x53414D504C45UL /* "SAMPLE" */);
            running = runningNorm ? Enumerable.Range(0, b).Select(_ => new RunningObservationStats(spec.ObservationSize)).ToArray() : null;
            rows = new int[e];
            if (device.type == DeviceType.CPU && FusedMlpForward.Supports(policies))
            {
                fused = new FusedMlpForward(policies, e);
                normalised = obsScale is null && !runningNorm ? null : new float[n * spec.ObservationSize];
                outputs = new float[n * fused.Outputs];
            }
            else input = torch.empty(b, e, spec.ObservationSize, dtype: ScalarType.Float32);
        }

        public void Dispose()
        {
            input?.Dispose();
            fused?.Dispose();
        }

        /// <summary>Actions for every instance; <paramref name="active"/> says which instances' actions matter
        /// (the others' are left stale).</summary>
        /// <remarks><paramref name="active"/> also marks the instances whose observation counts for the running
        /// statistics (still playing).</remarks>
        public float[] Act(float[] obs, int step, bool[] active)
        {
            if (fused is not null) return ActFused(obs, step, active);
            using var scope = torch.NewDisposeScope();
            int obsSize = spec.ObservationSize, actionSize = spec.ActionSize, actions = spec.ActionCount;
            var inputSpan = MemoryMarshal.Cast<byte, float>(input!.bytes);
            if (running is not null) NormaliseRunning(obs, active, inputSpan);
            else if (obsScale is null) obs.AsSpan().CopyTo(inputSpan);
            else
                for (int j = 0; j < obs.Length; j++) inputSpan[j] = (obs[j] - obsOffset![j % obsSize]) / obsScale[j % obsSize];
            var logits = policies.Forward(device.type == DeviceType.CPU ? input! : input!.to(device));
            if (!spec.IsDiscrete)
            {
                var mean = ToFloats(logits);
                bool bounded = spec.ActionLow.Length == actionSize && spec.ActionHigh.Length == actionSize;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < actionSize; j++)
                    {
                        int k = i * actionSize + j;
                        float a = selection == ActionSelection.Greedy
                            ? mean[k]
                            : mean[k] + std![(i / e) * actionSize + j] * (float)CounterRng.Normal(CounterRng.Key(sampleKey, (ulong)i), (ulong)(step * actionSize + j));
                        act[k] = bounded ? Math.Clamp(a, spec.ActionLow[j], spec.ActionHigh[j]) : a;
                    }
            }
            else
            {
                // a head wider than this env's action space (a multi-task agent) acts among this env's actions only
                if (logits.shape[^1] > actions) logits = logits.narrow(-1, 0, actions);
                ChooseDiscrete(logits, step);
            }
            return act;
        }

        /// <summary>True when the forward passes run in <see cref="FusedMlpForward"/>.</summary>
        public bool Fused => fused is not null;

        float[] ActFused(float[] obs, int step, bool[] active)
        {
            var x = obs;
            if (running is not null)
            {
                NormaliseRunning(obs, active, normalised);
                x = normalised!;
            }
            else if (normalised is not null)
            {
                NormaliseFixed(obs, 0, n);
                x = normalised;
            }
            fused!.Forward(x, outputs!, i => active[i]);
            Choose(0, n, step, active);
            return act;
        }

        /// <summary>The actions of policy <paramref name="m"/>'s instances only (its E rows of the returned array),
        /// on the calling thread; other threads may act for other policies at once. Fused path only.</summary>
        public float[] ActPolicy(int m, float[] obs, int step, bool[] active, int[] scratch)
        {
            var x = obs;
            if (running is not null)
            {
                NormaliseRunning(m, obs, active, normalised, scratch);
                x = normalised!;
            }
            else if (normalised is not null)
            {
                NormaliseFixed(obs, m * e, (m + 1) * e);
                x = normalised;
            }
            fused!.ForwardMember(m, x, outputs!, i => active[i]);
            Choose(m * e, (m + 1) * e, step, active);
            return act;
        }

        void NormaliseFixed(float[] obs, int firstRow, int endRow)
        {
            int obsSize = spec.ObservationSize;
            for (int j = firstRow * obsSize; j < endRow * obsSize; j++) normalised![j] = (obs[j] - obsOffset![j % obsSize]) / obsScale![j % obsSize];
        }

        /// <summary>The actions of the active rows in [first, end) from the fused forward's outputs.</summary>
        void Choose(int first, int end, int step, bool[] active)
        {
            int actionSize = spec.ActionSize, width = fused!.Outputs;
            if (!spec.IsDiscrete)
            {
                bool bounded = spec.ActionLow.Length == actionSize && spec.ActionHigh.Length == actionSize;
                for (int i = first; i < end; i++)
                {
                    if (!active[i]) continue;
                    for (int j = 0; j < actionSize; j++)
                    {
                        int k = i * actionSize + j;
                        float mean = outputs![i * width + j];
                        float a = selection == ActionSelection.Greedy
                            ? mean
                            : mean + std![(i / e) * actionSize + j] * (float)CounterRng.Normal(CounterRng.Key(sampleKey, (ulong)i), (ulong)(step * actionSize + j));
                        act[k] = bounded ? Math.Clamp(a, spec.ActionLow[j], spec.ActionHigh[j]) : a;
                    }
                }
                return;
            }
            // a head wider than this env's action space (a multi-task agent) acts among this env's actions only
            int actions = Math.Min(spec.ActionCount, width);
            for (int i = first; i < end; i++)
            {
                if (!active[i]) continue;
                var row = outputs.AsSpan(i * width, actions);
                if (selection == ActionSelection.Greedy)
                {
                    int best = 0;
                    for (int a = 1; a < actions; a++) if (row[a] > row[best]) best = a;
                    act[i] = best;
                }
                else
                {
                    var p = probs.AsSpan(i * actions, actions);
                    float max = row[0];
                    for (int a = 1; a < actions; a++) max = MathF.Max(max, row[a]);
                    float sum = 0;
                    for (int a = 0; a < actions; a++) { p[a] = MathF.Exp(row[a] - max); sum += p[a]; }
                    for (int a = 0; a < actions; a++) p[a] /= sum;
                    act[i] = SampleIndex(p, CounterRng.Uniform(CounterRng.Key(sampleKey, (ulong)i), (ulong)step));
                }
            }
        }

        void NormaliseRunning(float[] obs, bool[] active, Span<float> inputSpan)
        {
            for (int m = 0; m < b; m++) NormaliseRunning(m, obs, active, inputSpan, rows);
        }

        /// <summary>Adds policy m's active observations to its running statistics and normalises its rows.</summary>
        void NormaliseRunning(int m, float[] obs, bool[] active, Span<float> inputSpan, int[] scratch)
        {
            int obsSize = spec.ObservationSize, count = 0;
            for (int k = 0; k < e; k++) if (active[m * e + k]) scratch[count++] = m * e + k;
            running![m].Update(obs, scratch.AsSpan(0, count));
            for (int k = 0; k < e; k++) running[m].Normalise(obs, m * e + k, inputSpan.Slice((m * e + k) * obsSize, obsSize));
        }

        void ChooseDiscrete(Tensor logits, int step)
        {
            int actions = (int)logits.shape[^1];
            if (selection == ActionSelection.Greedy)
            {
                var best = logits.argmax(-1).cpu().contiguous();
                MemoryMarshal.Cast<byte, long>(best.bytes).CopyTo(greedy);
                for (int i = 0; i < n; i++) act[i] = greedy[i];
            }
            else
            {
                var p = torch.nn.functional.softmax(logits, -1).cpu().contiguous();
                MemoryMarshal.Cast<byte, float>(p.bytes).CopyTo(probs);
                for (int i = 0; i < n; i++)
                    act[i] = SampleIndex(probs.AsSpan(i * actions, actions), CounterRng.Uniform(CounterRng.Key(sampleKey, (ulong)i), (ulong)step));
            }
        }
    }

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
