using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hades.Core.Policies;

/// <summary>
/// P independent MLPs held as batched weight tensors <c>W[l]: [P, in, out]</c> and <c>b[l]: [P, 1, out]</c>,
/// so one <c>bmm</c> evaluates every member at once. Inputs are <c>[P, N, in]</c>.
/// </summary>
public sealed class BatchedMlp : IDisposable
{
    readonly List<Parameter> weights;
    readonly List<Parameter> biases;

    public MlpShape Shape { get; }
    public int Members { get; }
    public IReadOnlyList<Parameter> Weights => weights;
    public IReadOnlyList<Parameter> Biases => biases;

    BatchedMlp(MlpShape shape, int members, List<Parameter> weights, List<Parameter> biases)
    {
        Shape = shape; Members = members; this.weights = weights; this.biases = biases;
    }

    /// <summary>
    /// Fresh networks. Member m copies init number <c>initOfMember(m)</c>; init j is drawn from a torch generator
    /// seeded with <c>initSeeds[j]</c>, so the same seeds give bit-identical networks in any process.
    /// Hidden layers: N(0, gain²/fan_in); output layer: N(0, 0.01²/fan_in) (a small output layer as in the
    /// paper's orthogonal(0.01) init); biases 0. With <see cref="PolicyInitKind.Orthogonal"/> the paper's init itself.
    /// </summary>
    public static BatchedMlp Create(MlpShape shape, IReadOnlyList<ulong> initSeeds, Func<int, int> initOfMember,
        int members, Device device, PolicyInitKind init = PolicyInitKind.Normal)
    {
        var ws = new List<Parameter>(); var bs = new List<Parameter>();
        var layers = shape.Layers().ToArray();
        var index = torch.tensor(Enumerable.Range(0, members).Select(initOfMember).Select(i => (long)i).ToArray(), device: device);
        for (int l = 0; l < layers.Length; l++)
        {
            var (fanIn, fanOut) = layers[l];
            using var bank = torch.empty(initSeeds.Count, fanIn, fanOut, device: device);
            for (int j = 0; j < initSeeds.Count; j++)
            {
                using var g = new Generator(initSeeds[j] ^ ((ulong)l * 0x9E3779B97F4A7C15UL));
                using var w = PolicyInitNames.Draw(init, fanIn, fanOut, l == layers.Length - 1, shape.Activation, g);
                using var slot = bank[j];
                slot.copy_(w);
            }
            ws.Add(new Parameter(bank.index_select(0, index), requires_grad: true));
            bs.Add(new Parameter(torch.zeros(members, 1, fanOut, device: device), requires_grad: true));
        }
        index.Dispose();
        return new BatchedMlp(shape, members, ws, bs);
    }

    /// <summary>
    /// Networks whose parameters are given as flat vectors, one per member, laid out layer by layer as
    /// W (in × out, row-major) then b (out) — the layout of <see cref="Flatten"/>.
    /// </summary>
    public static BatchedMlp FromFlat(MlpShape shape, IReadOnlyList<float[]> flat, Device device)
    {
        int members = flat.Count, count = shape.ParameterCount;
        var all = new float[members * count];
        for (int m = 0; m < members; m++)
        {
            if (flat[m].Length < count) throw new ArgumentException($"member {m} has {flat[m].Length} parameters, the shape needs {count}");
            flat[m].AsSpan(0, count).CopyTo(all.AsSpan(m * count));
        }
        using var table = torch.tensor(all, [members, count]);
        var ws = new List<Parameter>(); var bs = new List<Parameter>();
        long offset = 0;
        foreach (var (fanIn, fanOut) in shape.Layers())
        {
            using var w = table.narrow(1, offset, fanIn * fanOut).reshape(members, fanIn, fanOut);
            offset += fanIn * fanOut;
            using var bias = table.narrow(1, offset, fanOut).reshape(members, 1, fanOut);
            offset += fanOut;
            ws.Add(new Parameter(w.contiguous().to(device), requires_grad: false));
            bs.Add(new Parameter(bias.contiguous().to(device), requires_grad: false));
        }
        return new BatchedMlp(shape, members, ws, bs);
    }

    /// <summary>Member <paramref name="member"/>'s parameters as one flat vector (the layout of <see cref="FromFlat"/>).</summary>
    public float[] Flatten(int member)
    {
        var result = new List<float>(Shape.ParameterCount);
        for (int l = 0; l < weights.Count; l++)
        {
            using var w = weights[l][member].detach().cpu().contiguous();
            using var b = biases[l][member].detach().cpu().contiguous();
            result.AddRange(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(w.bytes).ToArray());
            result.AddRange(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(b.bytes).ToArray());
        }
        return result.ToArray();
    }

    /// <summary>Forward pass; x: [P, N, in] → [P, N, out].</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        Tensor h = x;
        for (int l = 0; l < weights.Count; l++)
        {
            h = torch.bmm(h, weights[l]) + biases[l];
            if (l < weights.Count - 1) h = Shape.Activation.Apply(h);
        }
        return h.MoveToOuterDisposeScope();
    }

    public IEnumerable<Parameter> Parameters() => weights.Concat(biases);

    public void Dispose()
    {
        foreach (var t in weights) t.Dispose();
        foreach (var t in biases) t.Dispose();
    }
}
