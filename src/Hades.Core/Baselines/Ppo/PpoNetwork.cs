using Hades.Core.Random;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.Baselines.Ppo;

/// <summary>
/// Forward passes of the actor and the critic on views of one flat parameter tensor θ (so gradients, gradient
/// clipping and Adam act on a single vector), and their initialisation.
/// </summary>
internal static class PpoNetwork
{
    /// <summary>The alpha of the bias addition as a Scalar that lives for the whole process: the implicit one of
    /// <c>a + b</c> is a temporary that the GC may finalise while libtorch reads it (see <see cref="KeptScalars"/>;
    /// seen as "Expected false to be true … toFloat" in this very addition under load). Same kernel, same result.</summary>
    static readonly Scalar One = 1.0.ToScalar();

    /// <summary>MLP of <paramref name="layers"/> on x: [B, In] → [B, Out], tanh between layers.</summary>
    public static Tensor Mlp(Tensor theta, PpoDense[] layers, Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = x;
        for (int l = 0; l < layers.Length; l++)
        {
            var d = layers[l];
            var w = theta.narrow(0, d.WeightOffset, (long)d.In * d.Out).view(d.In, d.Out);
            var b = theta.narrow(0, d.BiasOffset, d.Out);
            h = h.mm(w).add(b, One);
            if (l < layers.Length - 1) h = h.tanh();
        }
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>Logits [B, ActionCount] or Gaussian means [B, ActionSize].</summary>
    public static Tensor Actor(PpoLayout layout, Tensor theta, Tensor x) => Mlp(theta, layout.Actor, x);

    /// <summary>State values [B].</summary>
    public static Tensor Value(PpoLayout layout, Tensor theta, Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return Mlp(theta, layout.Critic, x).squeeze(-1).MoveToOuterDisposeScope();
    }

    /// <summary>The log-std vector [ActionSize] (continuous actions only).</summary>
    public static Tensor LogStd(PpoLayout layout, Tensor theta) =>
        theta.narrow(0, layout.LogStdOffset, layout.Spec.ActionSize);

    /// <summary>
    /// Initial parameters, as in the PPO implementation details of CleanRL/PureJaxRL: orthogonal weights with gain
    /// √2 for hidden layers, 0.01 for the actor's output layer and 1 for the critic's; biases 0; log-std
    /// <paramref name="initialLogStd"/>. Drawn from a torch generator seeded from <paramref name="seed"/>.
    /// </summary>
    public static float[] Initialise(PpoLayout layout, ulong seed, double initialLogStd)
    {
        var theta = new float[layout.Count];
        using var generator = new Generator(CounterRng.Key(seed, 0x494E4954UL /* "INIT" */));
        Fill(theta, layout.Actor, 0.01, generator);
        Fill(theta, layout.Critic, 1.0, generator);
        if (layout.LogStdOffset >= 0)
            Array.Fill(theta, (float)initialLogStd, layout.LogStdOffset, layout.Spec.ActionSize);
        return theta;
    }

    static void Fill(float[] theta, PpoDense[] layers, double outputGain, Generator generator)
    {
        for (int l = 0; l < layers.Length; l++)
        {
            var d = layers[l];
            double gain = l == layers.Length - 1 ? outputGain : Math.Sqrt(2.0);
            using var scope = torch.NewDisposeScope();
            var w = Orthogonal(d.In, d.Out, gain, generator);
            TensorArrays.ToArray(w).CopyTo(theta, d.WeightOffset);
        }
    }

    /// <summary>A [rows, cols] matrix with orthonormal columns (rows ≥ cols) or rows, times <paramref name="gain"/>:
    /// Q of the QR decomposition of a Gaussian matrix with R's diagonal signs folded in (Saxe et al. 2014).</summary>
    internal static Tensor Orthogonal(int rows, int cols, double gain, Generator generator)
    {
        var a = torch.randn(rows, cols, dtype: ScalarType.Float64, generator: generator);
        bool transpose = rows < cols;
        if (transpose) a = a.t();
        var (q, r) = torch.linalg.qr(a);
        q = q * r.diagonal().sign();
        if (transpose) q = q.t();
        return (q * gain).to(ScalarType.Float32).contiguous();
    }
}
