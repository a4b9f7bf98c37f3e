using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Tests.Support;

namespace Hades.Tests.Core.BehaviourDistillation;

/// <summary><c>--eval-every K</c>: which generations score the mean dataset, and what an unscored generation is.</summary>
public sealed class EvalEveryTests
{
    [Fact]
    public void Generations_that_are_multiples_of_k_and_the_last_one_score_the_mean()
    {
        var config = TestConfigs.Tiny(generations: 8) with { EvalEvery = 3 };
        Assert.Equal([0, 3, 6, 7], Enumerable.Range(0, 8).Where(config.EvaluatesMeanAt));
        Assert.All(Enumerable.Range(0, 8), g => Assert.True(TestConfigs.Tiny(generations: 8).EvaluatesMeanAt(g)));
        Assert.Equal(1, new HadesConfig().EvalEvery);
    }

    [Fact]
    public void An_unscored_generation_is_complete_without_the_mean_and_keeps_NaN()
    {
        var scored = new GenerationAccumulator(5, 2);
        var unscored = new GenerationAccumulator(5, 2, evaluateMean: false);
        Assert.Equal(ResultOutcome.Accepted, scored.Offer(5, [0, 1], [1f, 2f]));
        Assert.Equal(ResultOutcome.Accepted, unscored.Offer(5, [0, 1], [1f, 2f]));
        Assert.False(scored.IsComplete);
        Assert.True(unscored.IsComplete);
        Assert.True(float.IsNaN(unscored.EvalReturn!.Value));
        Assert.Equal(ResultOutcome.Duplicate, unscored.OfferEvalReturn(5, 3f)); // a late mean result does not overwrite it
    }

    [Fact]
    public void The_best_dataset_comes_only_from_scored_generations()
    {
        var problem = new HadesProblem(TestConfigs.Tiny(generations: 4) with { EvalEvery = 2 });
        var state = RunState.Initial(problem);
        float[] fitness = Enumerable.Range(0, problem.Config.PopulationSize).Select(i => (float)i).ToArray();
        state = state.Apply(problem.Strategy, 0, fitness, 10f, 0);
        state = state.Apply(problem.Strategy, 1, fitness, float.NaN, 0);
        Assert.Equal(0, state.Best!.Generation);
        state = state.Apply(problem.Strategy, 2, fitness, 20f, 0);
        Assert.Equal(2, state.Best!.Generation);
    }

    [Fact]
    public void Stop_when_solved_counts_scored_generations_and_stops_only_at_one()
    {
        var config = TestConfigs.Tiny(generations: 20) with { StopWhenSolved = 2, EvalEvery = 2 };
        GenerationRecord Gen(int g, double eval) => new(g, 0, 0, eval, 0);
        Assert.False(RunState.StoppedSolved(config, [Gen(0, 480), Gen(1, double.NaN)]));
        Assert.True(RunState.StoppedSolved(config, [Gen(0, 480), Gen(1, double.NaN), Gen(2, 490)]));
        Assert.False(RunState.StoppedSolved(config, [Gen(0, 480), Gen(1, double.NaN), Gen(2, 490), Gen(3, double.NaN)]));
        Assert.False(RunState.StoppedSolved(config, [Gen(0, 300), Gen(1, double.NaN), Gen(2, 490)]));
    }

    [Fact]
    public void Eval_every_below_one_is_refused()
    {
        var e = Assert.ThrowsAny<Exception>(() => (TestConfigs.Tiny() with { EvalEvery = 0 }).Validate());
        Assert.Contains("eval-every", e.Message);
    }
}
