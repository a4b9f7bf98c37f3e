using Hades.Core.Envs;
using Hades.Core.Policies;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.Baselines.Ppo;

/// <summary>
/// A trained PPO actor as plain arrays, e.g. to serve as a teacher. The network sees
/// (observation − <see cref="ObservationOffset"/>) / <see cref="ObservationScale"/> (identity when PPO ran without
/// observation normalisation) and outputs logits (discrete) or the Gaussian mean (continuous, std =
/// exp(<see cref="LogStd"/>)). Weights[l] is [In, Out] row-major and Biases[l] is [Out], the layout of
/// <see cref="BatchedMlp"/>, tanh between layers.
/// </summary>
public sealed record PpoActorNetwork(
    MlpShape Shape,
    float[][] Weights,
    float[][] Biases,
    float[] LogStd,
    float[] ObservationOffset,
    float[] ObservationScale,
    EnvSpec Spec)
{
    /// <summary>Network output for one raw observation: logits or the Gaussian mean (plain C#, no torch).</summary>
    public float[] Forward(ReadOnlySpan<float> observation)
    {
        if (observation.Length != Shape.Input)
            throw new ArgumentException($"Expected an observation of {Shape.Input} floats, got {observation.Length}.", nameof(observation));
        var h = new float[Shape.Input];
        for (int i = 0; i < h.Length; i++) h[i] = (observation[i] - ObservationOffset[i]) / ObservationScale[i];
        var layers = Shape.Layers().ToArray();
        for (int l = 0; l < layers.Length; l++)
        {
            var (input, output) = layers[l];
            var next = (float[])Biases[l].Clone();
            var w = Weights[l];
            for (int i = 0; i < input; i++)
            {
                float hi = h[i];
                for (int j = 0; j < output; j++) next[j] += hi * w[i * output + j];
            }
            if (l < layers.Length - 1) for (int j = 0; j < output; j++) next[j] = MathF.Tanh(next[j]);
            h = next;
        }
        return h;
    }

    /// <summary>The greedy action for one raw observation, as the environment takes it: the argmax index (as a
    /// float) or the mean clipped to the action bounds.</summary>
    public float[] GreedyAction(ReadOnlySpan<float> observation)
    {
        var output = Forward(observation);
        if (Spec.IsDiscrete)
        {
            int best = 0;
            for (int k = 1; k < output.Length; k++) if (output[k] > output[best]) best = k;
            return [best];
        }
        for (int k = 0; k < output.Length; k++) output[k] = Math.Clamp(output[k], Spec.ActionLow[k], Spec.ActionHigh[k]);
        return output;
    }

    /// <summary>
    /// The actor as a <see cref="BatchedMlp"/> of <paramref name="members"/> identical copies. With
    /// <paramref name="foldObservationNormalisation"/> the normalisation is folded into the first layer
    /// (W'[i, j] = W[i, j]/scale[i], b' = b − Σ_i offset[i]/scale[i]·W[i, j]) so the network takes raw observations;
    /// without it the caller normalises (e.g. <see cref="Training.Rollout.Run"/> with obsOffset/obsScale).
    /// </summary>
    /// <summary>The actor's parameters layer by layer (W row-major [in, out], then b), then the log-std: the flat
    /// layout of <see cref="BatchedMlp.FromFlat"/> and of direct-ES policies.</summary>
    public float[] Flat() => [.. Weights.Zip(Biases).SelectMany(l => l.First.Concat(l.Second)), .. LogStd];

    /// <summary>The network's parameters (layers only, no log-std) with the observation normalisation folded into the
    /// first layer (see <see cref="ToBatchedMlp"/>), so the network takes raw observations.</summary>
    public float[] FoldedFlat()
    {
        var weights = Weights.Select(w => (float[])w.Clone()).ToArray();
        var biases = Biases.Select(b => (float[])b.Clone()).ToArray();
        Fold(weights[0], biases[0]);
        return [.. weights.Zip(biases).SelectMany(l => l.First.Concat(l.Second))];
    }

    public BatchedMlp ToBatchedMlp(int members, Device device, bool foldObservationNormalisation = true)
    {
        var mlp = BatchedMlp.Create(Shape, [0UL], _ => 0, members, device);
        using var noGrad = torch.no_grad();
        for (int l = 0; l < Weights.Length; l++)
        {
            var w = (float[])Weights[l].Clone();
            var b = (float[])Biases[l].Clone();
            if (l == 0 && foldObservationNormalisation) Fold(w, b);
            int output = b.Length, input = w.Length / output;
            using var wt = TensorArrays.FromArray(w, [1, input, output]).to(device);
            using var bt = TensorArrays.FromArray(b, [1, 1, output]).to(device);
            mlp.Weights[l].copy_(wt.expand(members, input, output));
            mlp.Biases[l].copy_(bt.expand(members, 1, output));
        }
        return mlp;
    }

    void Fold(float[] w, float[] b)
    {
        int input = Shape.Input, output = b.Length;
        for (int i = 0; i < input; i++)
        {
            float scale = ObservationScale[i], shift = ObservationOffset[i] / ObservationScale[i];
            for (int j = 0; j < output; j++)
            {
                float original = w[i * output + j];
                b[j] -= shift * original;
                w[i * output + j] = original / scale;
            }
        }
    }
}
