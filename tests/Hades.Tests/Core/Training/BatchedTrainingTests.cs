using Hades.Core.Policies;
using Hades.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Tests.Core.Training;

public class BatchedTrainingTests
{
    static readonly MlpShape Shape = new(4, [16, 16], 2, Activation.Tanh);
    static readonly InnerLoopSettings Settings = new([16, 16], Activation.Tanh, 25, 0.03);

    static Tensor Data(int members, int seed)
    {
        var g = new Generator((ulong)seed);
        return torch.randn(members, 3, 4, generator: g);
    }

    [Fact]
    public void Training_members_together_equals_training_each_alone()
    {
        ulong[] seeds = [11, 22, 33];
        using var states = Data(3, 5);
        using var targets = torch.nn.functional.one_hot(torch.tensor(new long[] { 0, 1, 1 }), 2).to(ScalarType.Float32).unsqueeze(0);
        using var together = BatchedMlp.Create(Shape, seeds, m => m, 3, torch.CPU);
        PolicyTrainer.Train(together, states, targets, Settings);
        for (int m = 0; m < 3; m++)
        {
            using var alone = BatchedMlp.Create(Shape, [seeds[m]], _ => 0, 1, torch.CPU);
            using var own = states[m].unsqueeze(0);
            PolicyTrainer.Train(alone, own, targets, Settings);
            for (int l = 0; l < alone.Weights.Count; l++)
            {
                using var batched = together.Weights[l][m];
                using var single = alone.Weights[l][0];
                Assert.True(torch.allclose(batched, single, rtol: 1e-4, atol: 1e-5), $"member {m} layer {l} differs");
            }
        }
    }

    [Fact]
    public void Training_fits_the_labels()
    {
        using var states = torch.tensor(new float[] { -1, -1, -1, -1, 1, 1, 1, 1 }, [1, 2, 4]);
        using var targets = torch.nn.functional.one_hot(torch.tensor(new long[] { 0, 1 }), 2).to(ScalarType.Float32).unsqueeze(0);
        using var mlp = BatchedMlp.Create(Shape, [1UL], _ => 0, 1, torch.CPU);
        PolicyTrainer.Train(mlp, states, targets, Settings);
        using var logits = mlp.Forward(states);
        using var predicted = logits.argmax(-1);
        Assert.Equal(new long[] { 0, 1 }, predicted.data<long>().ToArray());
    }

    [Fact]
    public void Same_init_seed_gives_identical_networks()
    {
        using var a = BatchedMlp.Create(Shape, [99UL], _ => 0, 2, torch.CPU);
        using var b = BatchedMlp.Create(Shape, [99UL], _ => 0, 1, torch.CPU);
        using var a1 = a.Weights[0][1];
        using var b0 = b.Weights[0][0];
        Assert.True(torch.allclose(a1, b0, rtol: 0, atol: 0));
    }
}
