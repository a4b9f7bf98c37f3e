using Hades.Core.Policies;
using Hades.Core.Training;

namespace Hades.Tests.Core.Training;

public class GenerationFlopsTests
{
    // 3 inputs → 5 hidden → 2 outputs: weights 3×5 and 5×2
    static readonly MlpShape Tiny = new(3, [5], 2, Activation.Relu);

    [Fact]
    public void Forward_of_one_row_is_two_flops_per_weight()
    {
        // hand count: 15 multiply-adds in layer 1, 10 in layer 2 → 25 multiply-adds = 50 FLOPs
        Assert.Equal(50, GenerationFlops.ForwardPerRow(Tiny));
        Assert.Equal(50 * 7, GenerationFlops.Rollout(Tiny, 7));
    }

    [Fact]
    public void Training_step_counts_forward_weight_gradients_and_hidden_input_gradients()
    {
        // 4 pairs. forward: 4·(15 + 10) = 100 multiply-adds; dW: the same 100; dX: layer 2 only (5×2 per pair) = 40;
        // 240 multiply-adds = 480 FLOPs per step
        Assert.Equal(480, GenerationFlops.TrainingStep(Tiny, 4));
        Assert.Equal(480.0 * 64 * 10, GenerationFlops.Training(Tiny, 4, 64, 10));
    }

    [Fact]
    public void The_issues_CartPole_generation_is_about_28_GFLOP_of_training()
    {
        var shape = new MlpShape(4, [64, 64], 2, Activation.Relu);
        double gflop = GenerationFlops.Training(shape, 16, 64, 1024) / 1e9;
        // 3 × 2 × 16 × 4480 × 64 × 1024 minus layer 1's input gradients (2 × 16 × 256 × 64 × 1024)
        Assert.Equal((3.0 * 2 * 16 * 4480 - 2.0 * 16 * 256) * 64 * 1024 / 1e9, gflop, 9);
        Assert.InRange(gflop, 27, 29);
    }
}
