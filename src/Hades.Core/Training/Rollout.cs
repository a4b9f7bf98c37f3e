using System.Runtime.InteropServices;
using Hades.Core.Envs;
using Hades.Core.Policies;
using Hades.Core.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Training;

/// <summary>
/// Scores B trained policies over E episodes each, in one vector env of B·E instances. Episode e of every
/// policy starts from the same state (key <c>CounterRng.Key(episodeSeed, e)</c>): common random numbers, so
/// candidates are compared on equal terms (with <c>commonStarts: false</c> every instance gets its own start,
/// for evaluation). With <c>obsOffset</c>/<c>obsScale</c> policies see (obs − offset)/scale. Continuous-action
/// tasks need <c>logStd</c> ([B, 1, A]): actions are the network's mean (greedy) or mean + exp(logStd)·ε (sample),
/// passed unclipped to the environment, which clips them to its bounds. Returns the mean undiscounted return per policy.
/// </summary>
public static class Rollout
{
    public static float[] Run(BatchedMlp policies, Func<int, IVectorEnv> makeEnv, int episodes, ulong episodeSeed,
        ActionSelection selection, Device device, bool commonStarts = true, float[]? obsOffset = null, float[]? obsScale = null,
        Tensor? logStd = null)
    {
        int b = policies.Members, e = episodes;
        var env = makeEnv(b * e);
        var spec = env.Spec;
        int n = b * e, obsSize = spec.ObservationSize, actions = spec.ActionCount, actionSize = spec.ActionSize;
        if (!spec.IsDiscrete && logStd is null) throw new ArgumentException("continuous-action rollouts need the policies' log-std");
        var std = logStd is null ? null : ToFloats(logStd.detach().exp());
        var keys = new ulong[n];
        for (int i = 0; i < n; i++) keys[i] = CounterRng.Key(episodeSeed, (ulong)(commonStarts ? i % e : i));
        var obs = new float[n * obsSize];
        var rewards = new float[n];
        var done = new byte[n];
        var act = new float[n * actionSize];
        var returns = new double[n];
        env.Reset(keys, obs);
        var probs = selection == ActionSelection.Sample ? new float[n * actions] : null;
        var greedy = new long[n];
        ulong sampleKey = CounterRng.Key(episodeSeed, 0x53414D504C45UL /* "SAMPLE" */);

        using var noGrad = torch.no_grad();
        using var input = torch.empty(b, e, obsSize, dtype: ScalarType.Float32);
        for (int step = 0; step < spec.MaxSteps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var inputSpan = MemoryMarshal.Cast<byte, float>(input.bytes);
            if (obsScale is null) obs.AsSpan().CopyTo(inputSpan);
            else
                for (int j = 0; j < obs.Length; j++) inputSpan[j] = (obs[j] - obsOffset![j % obsSize]) / obsScale[j % obsSize];
            var logits = policies.Forward(device.type == DeviceType.CPU ? input : input.to(device));
            if (!spec.IsDiscrete)
            {
                var mean = ToFloats(logits);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < actionSize; j++)
                    {
                        int k = i * actionSize + j;
                        act[k] = selection == ActionSelection.Greedy
                            ? mean[k]
                            : mean[k] + std![(i / e) * actionSize + j] * (float)CounterRng.Normal(CounterRng.Key(sampleKey, (ulong)i), (ulong)(step * actionSize + j));
                    }
            }
            else
            {
                // a head wider than this env's action space (a multi-task agent) acts among this env's actions only
                if (logits.shape[^1] > actions) logits = logits.narrow(-1, 0, actions);
                ChooseDiscrete(logits, selection, act, greedy, probs, sampleKey, step);
            }
            env.Step(act, obs, rewards, done);
            bool allDone = true;
            for (int i = 0; i < n; i++) { returns[i] += rewards[i]; allDone &= done[i] != 0; }
            if (allDone) break;
        }
        var result = new float[b];
        for (int m = 0; m < b; m++)
        {
            double sum = 0;
            for (int k = 0; k < e; k++) sum += returns[m * e + k];
            result[m] = (float)(sum / e);
        }
        return result;
    }

    static void ChooseDiscrete(Tensor logits, ActionSelection selection, float[] act, long[] greedy, float[]? probs, ulong sampleKey, int step)
    {
        int n = act.Length, actions = (int)logits.shape[^1];
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
