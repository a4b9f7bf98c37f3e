using Hades.Core;
using Hades.Core.Policies;
using Hades.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Tests.Core.Training;

public class LearnerSpaceTests
{
    static readonly InnerLoopSettings Base = new([64, 64], Activation.Relu, 20, 0.03);

    [Fact]
    public void Parses_every_factor_and_writes_the_canonical_form()
    {
        var space = LearnerSpace.Parse(" inner-steps=20|200 ; hidden=32|64x64 ;activation=relu|tanh;inner-lr=0.01|0.03");
        Assert.Equal([[32], [64, 64]], space.Hidden);
        Assert.Equal([Activation.Relu, Activation.Tanh], space.Activations);
        Assert.Equal([0.01, 0.03], space.LearningRates);
        Assert.Equal([20, 200], space.Steps);
        Assert.Equal("hidden=32|64x64;activation=relu|tanh;inner-lr=0.01|0.03;inner-steps=20|200", space.ToString());
        Assert.Equal(space.ToString(), LearnerSpace.Parse(space.ToString()).ToString());
    }

    [Theory]
    [InlineData("hidden=32|")]
    [InlineData("hidden=3x0")]
    [InlineData("width=32")]
    [InlineData("activation=gelu")]
    [InlineData("inner-lr=-1")]
    [InlineData("inner-steps=2.5")]
    [InlineData("hidden=32;hidden=64")]
    [InlineData("hidden")]
    [InlineData(";")]
    public void Bad_text_is_a_one_line_user_error(string text)
    {
        var e = Assert.Throws<HadesUserException>(() => LearnerSpace.Parse(text));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Draws_are_a_function_of_the_key_and_cover_every_choice()
    {
        var space = LearnerSpace.Parse("hidden=32|64x64|256;activation=relu|tanh");
        var draws = Enumerable.Range(0, 200).Select(i => space.Draw(Base, (ulong)i * 7919)).ToArray();
        Assert.Equal(draws.Select(LearnerSpace.GroupKey), Enumerable.Range(0, 200).Select(i => LearnerSpace.GroupKey(space.Draw(Base, (ulong)i * 7919))));
        Assert.Equal(3, draws.Select(d => string.Join('x', d.Hidden)).Distinct().Count());
        Assert.Equal(2, draws.Select(d => d.Activation).Distinct().Count());
        // factors left out keep the base learner's value
        Assert.All(draws, d => { Assert.Equal(20, d.Steps); Assert.Equal(0.03, d.LearningRate); });
    }

    [Fact]
    public void The_grid_is_the_cartesian_product()
    {
        var grid = LearnerSpace.StandardGrid.Grid(Base);
        Assert.Equal(5 * 2 * 2 * 2, grid.Count);
        Assert.Equal(grid.Count, grid.Select(LearnerSpace.GroupKey).Distinct().Count());
        Assert.Single(LearnerSpace.Parse("activation=tanh").Grid(Base));
    }

    [Fact]
    public void Mixed_trainer_matches_torch_Adam_per_member_and_leaves_finished_members_alone()
    {
        var shape = new MlpShape(4, [16], 2, Activation.Tanh);
        ulong[] seeds = [11, 22, 33];
        using var states = torch.randn(3, 3, 4, generator: new Generator(5));
        using var targets = torch.nn.functional.one_hot(torch.tensor(new long[] { 0, 1, 1 }), 2).to(ScalarType.Float32).unsqueeze(0);
        double[] lrs = [0.01, 0.03, 0.1];
        int[] steps = [5, 25, 12];
        using var mixed = BatchedMlp.Create(shape, seeds, m => m, 3, torch.CPU);
        MixedPolicyTrainer.Train(mixed, states, targets, lrs, steps, 1e-5);
        for (int m = 0; m < 3; m++)
        {
            using var alone = BatchedMlp.Create(shape, [seeds[m]], _ => 0, 1, torch.CPU);
            using var own = states[m].unsqueeze(0);
            PolicyTrainer.Train(alone, own, targets, new InnerLoopSettings([16], Activation.Tanh, steps[m], lrs[m]));
            using var untrained = BatchedMlp.Create(shape, [seeds[m]], _ => 0, 1, torch.CPU);
            for (int l = 0; l < alone.Weights.Count; l++)
            {
                using var batched = mixed.Weights[l][m];
                using var single = alone.Weights[l][0];
                using var start = untrained.Weights[l][0];
                Assert.True(torch.allclose(batched, single, rtol: 1e-4, atol: 1e-5), $"member {m} layer {l} differs from torch's Adam");
                Assert.False(torch.allclose(batched, start, rtol: 0, atol: 1e-6), $"member {m} layer {l} did not train");
            }
        }
    }
}
