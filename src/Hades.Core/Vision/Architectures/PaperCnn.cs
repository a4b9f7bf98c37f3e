using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hades.Core.Vision.Architectures;

/// <summary>
/// The paper's classifier (<c>distill_dataset.py::CNN</c>) as a single torch module: Conv(C, 3×3, SAME) → relu →
/// flatten in (h, w, c) order → Dense(128) → relu → Dense(10). With the same seed its initial weights are exactly
/// those of a <see cref="BatchedCnn"/> member, so it trains the same network the ES optimised for.
/// </summary>
public sealed class PaperCnn : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv;
    readonly Linear hidden, output;
    readonly int side;

    public PaperCnn(ulong seed, int channels = 16, int side = 28, int classes = 10) : base(channels == 16 ? "cnn" : $"cnn{channels}")
    {
        this.side = side;
        conv = nn.Conv2d(1, channels, 3, padding: 1);
        hidden = nn.Linear(side * side * channels, 128);
        output = nn.Linear(128, classes);
        RegisterComponents();
        using var reference = BatchedCnn.Create([seed], _ => 0, 1, torch.CPU, side, channels, 128, classes);
        using var noGrad = torch.no_grad();
        using (var w = reference.ConvWeight[0]) conv.weight!.copy_(w.t().reshape(channels, 1, 3, 3));
        using (var b = reference.ConvBias[0]) conv.bias!.copy_(b.reshape(-1));
        using (var w = reference.Dense1Weight[0]) hidden.weight!.copy_(w.t());
        using (var b = reference.Dense1Bias[0]) hidden.bias!.copy_(b.reshape(-1));
        using (var w = reference.Dense2Weight[0]) output.weight!.copy_(w.t());
        using (var b = reference.Dense2Bias[0]) output.bias!.copy_(b.reshape(-1));
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = conv.forward(x.reshape(x.shape[0], 1, side, side)).relu();
        h = h.permute(0, 2, 3, 1).flatten(1);
        return output.forward(hidden.forward(h).relu()).MoveToOuterDisposeScope();
    }
}
