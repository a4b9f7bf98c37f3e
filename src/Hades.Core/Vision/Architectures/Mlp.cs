using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hades.Core.Vision.Architectures;

/// <summary>A fully connected classifier: flatten → Dense(512) → relu → Dense(512) → relu → Dense(10) (the width of
/// the paper code's MLP option). Init: <see cref="Init.LecunNormalZeroBias"/>.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    readonly Linear layer1, layer2, output;

    public Mlp(ulong seed, int pixels = 784, int width = 512, int classes = 10) : base("mlp")
    {
        layer1 = nn.Linear(pixels, width);
        layer2 = nn.Linear(width, width);
        output = nn.Linear(width, classes);
        RegisterComponents();
        Init.LecunNormalZeroBias(this, seed);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = layer2.forward(layer1.forward(x.flatten(1)).relu()).relu();
        return output.forward(h).MoveToOuterDisposeScope();
    }
}
