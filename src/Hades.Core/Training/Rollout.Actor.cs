using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Hades.Core.Envs;
using Hades.Core.Policies;
using Hades.Core.Random;
using Hades.Core.Training.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Training;

public static partial class Rollout
{
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
        public float[] Act(float[] obs, long step, bool[] active)
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

        float[] ActFused(float[] obs, long step, bool[] active)
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
            fused!.Forward(x, outputs!, active);
            Choose(0, n, step, active);
            return act;
        }

        /// <summary>The actions of policy <paramref name="m"/>'s instances only (its E rows of the returned array),
        /// on the calling thread; other threads may act for other policies at once. Fused path only.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public float[] ActPolicy(int m, float[] obs, long step, bool[] active, int[] scratch)
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
            fused!.ForwardMember(m, x, outputs!, active);
            Choose(m * e, (m + 1) * e, step, active);
            return act;
        }

        /// <summary>Brings policy <paramref name="m"/>'s weights into the calling core's cache before it starts
        /// playing (<see cref="FusedMlpForward.WarmMember"/>). Fused path only.</summary>
        public void WarmPolicy(int m) => fused!.WarmMember(m);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void NormaliseFixed(float[] obs, int firstRow, int endRow)
        {
            int obsSize = spec.ObservationSize;
            for (int r = firstRow; r < endRow; r++)
                for (int k = 0, j = r * obsSize; k < obsSize; k++, j++) normalised![j] = (obs[j] - obsOffset![k]) / obsScale![k];
        }

        /// <summary>The actions of the active rows in [first, end) from the fused forward's outputs.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Choose(int first, int end, long step, bool[] active)
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
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void NormaliseRunning(int m, float[] obs, bool[] active, Span<float> inputSpan, int[] scratch)
        {
            int obsSize = spec.ObservationSize, count = 0;
            for (int k = 0; k < e; k++) if (active[m * e + k]) scratch[count++] = m * e + k;
            running![m].Update(obs, scratch.AsSpan(0, count));
            for (int k = 0; k < e; k++) running[m].Normalise(obs, m * e + k, inputSpan.Slice((m * e + k) * obsSize, obsSize));
        }

        void ChooseDiscrete(Tensor logits, long step)
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
}
