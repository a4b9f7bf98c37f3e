using Hades.Core.Baselines.Ppo;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.DataFree.Images;

/// <summary>
/// A LeNet-5-shaped classifier on 32×32 single-channel inputs, written functionally over one flat parameter vector:
/// conv 5×5 1→C1, ReLU, max-pool 2 → conv 5×5 C1→C2, ReLU, max-pool 2 → conv 5×5 C2→C3 (1×1 output), ReLU →
/// FC C3→F, ReLU → FC F→classes. (ReLU and max-pooling replace LeCun's tanh and average pooling.)
/// <para>Widths: <c>lenet5</c> (6, 16, 120, 84): 61,706 parameters (ZSKD's teacher); <c>lenet5-half</c> (3, 8, 120, 84):
/// 35,820 (ZSKD's student); <c>lenet5-half-dafl</c> (3, 8, 60, 42): 15,738 (DAFL/DFAD's student).</para>
/// </summary>
public sealed record LeNetLayout(string Name, int C1, int C2, int C3, int F, int Classes)
{
    public const int Side = 32;

    public static readonly IReadOnlyList<string> Names = ["lenet5", "lenet5-half", "lenet5-half-dafl"];

    public static LeNetLayout Create(string name, int classes) => name switch
    {
        "lenet5" => new(name, 6, 16, 120, 84, classes),
        "lenet5-half" => new(name, 3, 8, 120, 84, classes),
        "lenet5-half-dafl" => new(name, 3, 8, 60, 42, classes),
        _ => throw new HadesUserException($"unknown image network \"{name}\" (known: {string.Join(", ", Names)})"),
    };

    // (out, in, kernel) of each layer; kernel 0 = fully connected
    (int Out, int In, int K)[] Layers => [(C1, 1, 5), (C2, C1, 5), (C3, C2, 5), (F, C3, 0), (Classes, F, 0)];

    public int Count => Layers.Sum(l => l.Out * l.In * Math.Max(1, l.K * l.K) + l.Out);

    /// <summary>Logits [B, classes] and the features before the classifier head (the conv3 output, [B, C3]).</summary>
    public (Tensor Logits, Tensor Features) Forward(Tensor theta, Tensor x) => Forward(theta, x, null);

    /// <summary>Logits and the outputs of the two pooled conv blocks ([B, C1, 14, 14] and [B, C2, 5, 5]; ZSKT's attention maps).</summary>
    public (Tensor Logits, Tensor[] Blocks) ForwardBlocks(Tensor theta, Tensor x)
    {
        var blocks = new List<Tensor>();
        var (logits, features) = Forward(theta, x, blocks);
        features.Dispose();
        return (logits, [.. blocks]);
    }

    (Tensor Logits, Tensor Features) Forward(Tensor theta, Tensor x, List<Tensor>? blocks)
    {
        using var scope = torch.NewDisposeScope();
        long offset = 0;
        Tensor h = x;
        Tensor? features = null;
        var layers = Layers;
        for (int l = 0; l < layers.Length; l++)
        {
            var (o, i, k) = layers[l];
            long wn = (long)o * i * Math.Max(1, k * k);
            var b = theta.narrow(0, offset + wn, o);
            if (k > 0)
            {
                var w = theta.narrow(0, offset, wn).view(o, i, k, k);
                h = torch.nn.functional.conv2d(h, w, b).relu();
                if (l < 2)
                {
                    h = torch.nn.functional.max_pool2d(h, 2);
                    blocks?.Add(h);
                }
                if (l == 2) { h = h.flatten(1); features = h; }
            }
            else
            {
                var w = theta.narrow(0, offset, wn).view(o, i);
                h = torch.nn.functional.linear(h, w, b);
                if (l < layers.Length - 1) h = h.relu();
            }
            offset += wn + o;
        }
        if (blocks is not null) foreach (var b in blocks) b.MoveToOuterDisposeScope();
        return (h.MoveToOuterDisposeScope(), features!.MoveToOuterDisposeScope());
    }

    public Tensor Logits(Tensor theta, Tensor x)
    {
        var (logits, features) = Forward(theta, x);
        features.Dispose();
        return logits;
    }

    /// <summary>PyTorch's default initialisation: weights and biases U(±1/√fan_in).</summary>
    public float[] Initialise(ulong key)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(key);
        var parts = new List<Tensor>();
        foreach (var (o, i, k) in Layers)
        {
            int fanIn = i * Math.Max(1, k * k);
            double bound = 1 / Math.Sqrt(fanIn);
            parts.Add((torch.rand(o * fanIn + o, generator: generator) * 2 - 1) * bound);
        }
        return TensorArrays.ToArray(torch.cat(parts, 0));
    }
}

/// <summary>
/// DAFL/DFAD's "GeneratorA" at 32×32 with one channel, written over one flat parameter vector, with configurable
/// widths (the original uses 128/64): Linear(z[+one-hot] → W1·8·8) → BN → ×2 nearest upsample → conv 3×3 W1→W1 →
/// BN → LeakyReLU(0.2) → ×2 upsample → conv 3×3 W1→W2 → BN → LeakyReLU(0.2) → conv 3×3 W2→1 → tanh →
/// BN(affine = false). BatchNorm always uses the batch's statistics (training mode), so it has no running stats;
/// its ε is <paramref name="Eps"/> (PyTorch's 1e-5; DAFL's official code 0.8). The output lives in the teachers'
/// normalised input space (see <see cref="ImageData"/>). With <paramref name="Pixels"/> the last conv is followed by a
/// sigmoid instead (a [0, 1] pixel image), the 2-pixel border that padded Fashion-MNIST images have is set to black,
/// and the image is normalised like a real one.
/// </summary>
public sealed record GeneratorLayout(int Latent, int Conditions, int W1, int W2, double Eps = 1e-5, bool Pixels = false)
{

    int In => Latent + Conditions;

    // linear, bn0, conv1, bn1, conv2, bn2, conv3
    public int Count => In * W1 * 64 + W1 * 64 + 2 * W1 + W1 * W1 * 9 + W1 + 2 * W1 + W2 * W1 * 9 + W2 + 2 * W2 + W2 * 9 + 1;

    /// <summary>Images [B, 1, 32, 32] from inputs [B, Latent + Conditions].</summary>
    public Tensor Forward(Tensor theta, Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        long offset = 0;
        Tensor Take(params long[] shape)
        {
            long n = shape.Aggregate(1L, (a, b) => a * b);
            var t = theta.narrow(0, offset, n).view(shape);
            offset += n;
            return t;
        }
        var h = torch.nn.functional.linear(input, Take(W1 * 64, In), Take(W1 * 64)).view(-1, W1, 8, 8);
        h = BatchNorm(h, Take(W1), Take(W1));
        h = Upsample(h);
        h = torch.nn.functional.conv2d(h, Take(W1, W1, 3, 3), Take(W1), padding: [1, 1]);
        h = torch.nn.functional.leaky_relu(BatchNorm(h, Take(W1), Take(W1)), 0.2);
        h = Upsample(h);
        h = torch.nn.functional.conv2d(h, Take(W2, W1, 3, 3), Take(W2), padding: [1, 1]);
        h = torch.nn.functional.leaky_relu(BatchNorm(h, Take(W2), Take(W2)), 0.2);
        h = torch.nn.functional.conv2d(h, Take(1, W2, 3, 3), Take(1), padding: [1, 1]);
        h = Pixels ? ImageData.Normalise(h.sigmoid() * Interior()) : BatchNorm(h.tanh(), null, null);
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>1 inside the 28×28 image, 0 on the 2-pixel border padding adds: [1, 1, 32, 32].</summary>
    static Tensor Interior()
    {
        int border = (LeNetLayout.Side - 28) / 2;
        return torch.nn.functional.pad(torch.ones(1, 1, 28, 28), [border, border, border, border]);
    }

    static Tensor Upsample(Tensor h) => h.repeat_interleave(2, 2).repeat_interleave(2, 3);

    Tensor BatchNorm(Tensor h, Tensor? gamma, Tensor? beta)
    {
        var mean = h.mean([0, 2, 3], keepdim: true);
        var centred = h - mean;
        var variance = (centred * centred).mean([0, 2, 3], keepdim: true);
        var normalised = centred / (variance + Eps).sqrt();
        return gamma is null ? normalised : normalised * gamma.view(1, -1, 1, 1) + beta!.view(1, -1, 1, 1);
    }

    /// <summary>PyTorch's defaults: linear/conv U(±1/√fan_in), BN γ = 1, β = 0.</summary>
    public float[] Initialise(ulong key)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(key);
        Tensor U(long n, int fanIn) => (torch.rand(n, generator: generator) * 2 - 1) * (1 / Math.Sqrt(fanIn));
        Tensor Bn(int c) => torch.cat([torch.ones(c), torch.zeros(c)], 0);
        var parts = new[]
        {
            U(In * W1 * 64L, In), U(W1 * 64L, In), Bn(W1),
            U(W1 * W1 * 9L, W1 * 9), U(W1, W1 * 9), Bn(W1),
            U(W2 * W1 * 9L, W1 * 9), U(W2, W1 * 9), Bn(W2),
            U(W2 * 9L, W2 * 9), U(1, W2 * 9),
        };
        var all = TensorArrays.ToArray(torch.cat(parts, 0));
        if (all.Length != Count) throw new InvalidOperationException($"generator layout counts {Count}, initialised {all.Length}");
        return all;
    }
}
