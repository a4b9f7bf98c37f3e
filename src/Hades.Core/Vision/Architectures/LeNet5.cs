using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hades.Core.Vision.Architectures;

/// <summary>
/// LeNet-5 (LeCun et al. 1998) in its common modern form: Conv(6, 5×5, pad 2) → relu → maxpool 2 →
/// Conv(16, 5×5) → relu → maxpool 2 → flatten (16·5·5) → Dense(120) → relu → Dense(84) → relu → Dense(10)
/// (relu and max-pooling instead of the original scaled tanh and trainable subsampling).
/// Init: <see cref="Init.LecunNormalZeroBias"/>.
/// </summary>
public sealed class LeNet5 : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv1, conv2;
    readonly MaxPool2d pool;
    readonly Linear fc1, fc2, fc3;

    public LeNet5(ulong seed, int classes = 10) : base("lenet5")
    {
        conv1 = nn.Conv2d(1, 6, 5, padding: 2);
        conv2 = nn.Conv2d(6, 16, 5);
        pool = nn.MaxPool2d(2);
        fc1 = nn.Linear(16 * 5 * 5, 120);
        fc2 = nn.Linear(120, 84);
        fc3 = nn.Linear(84, classes);
        RegisterComponents();
        Init.LecunNormalZeroBias(this, seed);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = pool.forward(conv1.forward(x.reshape(x.shape[0], 1, 28, 28)).relu());
        h = pool.forward(conv2.forward(h).relu()).flatten(1);
        h = fc2.forward(fc1.forward(h).relu()).relu();
        return fc3.forward(h).MoveToOuterDisposeScope();
    }
}
