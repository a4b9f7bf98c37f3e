using Hades.Core.Baselines.Ppo;
using Hades.Core.Policies;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.DataFree.Policies;

/// <summary>
/// A tanh MLP whose parameters are views of one flat vector θ (W₀ [in, out] row-major, b₀, W₁, b₁, …: the layout of
/// <see cref="PpoActorNetwork.Flat"/> and of policy.npz), so the parameters and their Adam moments are plain float arrays
/// in a <see cref="DistilState"/>.
/// </summary>
public sealed class FlatMlp
{
    public FlatMlp(int input, IReadOnlyList<int> hidden, int output)
    {
        Shape = new MlpShape(input, hidden.ToArray(), output, Activation.Tanh);
        var layers = new List<PpoDense>();
        int offset = 0;
        foreach (var (i, o) in Shape.Layers())
        {
            layers.Add(new PpoDense(offset, offset + i * o, i, o));
            offset += i * o + o;
        }
        Layers = layers.ToArray();
        Count = offset;
    }

    public MlpShape Shape { get; }
    public PpoDense[] Layers { get; }

    /// <summary>Number of parameters.</summary>
    public int Count { get; }

    /// <summary>[B, In] → [B, Out], tanh between layers, linear output.</summary>
    public Tensor Forward(Tensor theta, Tensor x) => PpoNetwork.Mlp(theta, Layers, x);

    /// <summary>Orthogonal weights (gain √2 hidden, <paramref name="outputGain"/> for the output layer), zero biases,
    /// drawn from a torch generator seeded with <paramref name="key"/>.</summary>
    public float[] Initialise(ulong key, double outputGain)
    {
        var theta = new float[Count];
        using var generator = new Generator(key);
        for (int l = 0; l < Layers.Length; l++)
        {
            var d = Layers[l];
            using var scope = torch.NewDisposeScope();
            var w = PpoNetwork.Orthogonal(d.In, d.Out, l == Layers.Length - 1 ? outputGain : Math.Sqrt(2.0), generator);
            TensorArrays.ToArray(w).CopyTo(theta, d.WeightOffset);
        }
        return theta;
    }

    /// <summary>Per-layer weights and biases of a flat vector (for policy.npz-style files).</summary>
    public (float[][] Weights, float[][] Biases) Split(float[] theta) => (
        Layers.Select(d => theta.AsSpan(d.WeightOffset, d.In * d.Out).ToArray()).ToArray(),
        Layers.Select(d => theta.AsSpan(d.BiasOffset, d.Out).ToArray()).ToArray());
}
