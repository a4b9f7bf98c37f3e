using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hades.Core.Vision.Architectures;

/// <summary>
/// A deeper CNN with two conv blocks: Conv(32, 3×3, SAME) → relu → maxpool 2 → Conv(64, 3×3, SAME) → relu →
/// maxpool 2 → flatten (64·7·7) → Dense(128) → relu → Dense(10). Init: <see cref="Init.LecunNormalZeroBias"/>.
/// </summary>
public sealed class DeepCnn : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv1, conv2;
    readonly MaxPool2d pool;
    readonly Linear hidden, output;
    readonly int side;

    public DeepCnn(ulong seed, int side = 28, int classes = 10) : base("cnn-deep")
    {
        this.side = side;
        conv1 = nn.Conv2d(1, 32, 3, padding: 1);
        conv2 = nn.Conv2d(32, 64, 3, padding: 1);
        pool = nn.MaxPool2d(2);
        hidden = nn.Linear(64 * (side / 4) * (side / 4), 128);
        output = nn.Linear(128, classes);
        RegisterComponents();
        Init.LecunNormalZeroBias(this, seed);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = pool.forward(conv1.forward(x.reshape(x.shape[0], 1, side, side)).relu());
        h = pool.forward(conv2.forward(h).relu()).flatten(1);
        return output.forward(hidden.forward(h).relu()).MoveToOuterDisposeScope();
    }
}
