using Hades.Core.BehaviourDistillation;
using Hades.Core.Es;

namespace Hades.Tests.Core.BehaviourDistillation;

/// <summary>The best-so-far result and the env-step totals are derived from the journalled generations alone.</summary>
public sealed class BestResultAndStepsTests
{
    [Fact]
    public void Best_is_the_generation_start_mean_with_the_highest_eval_return()
    {
        var es = new OpenAiEs(new OpenAiEsConfig(4, 0.1, 0.5), 3);
        var state = new RunState(es.Initial([0f, 0f]), []);
        var means = new List<float[]>();
        float[] evals = [1f, 5f, 2f, 5f];
        for (int g = 0; g < evals.Length; g++)
        {
            means.Add((float[])state.Es.Mean.Clone());
            state = state.Apply(es, g, [g + 1f, -g, 2f * g, 0.5f], evals[g], 0.1, envSteps: 100 + g);
        }
        Assert.Equal(1, state.Best!.Generation);              // first of the tied maxima
        Assert.Equal(5f, state.Best.EvalReturn);
        Assert.Equal(means[1], state.Best.Mean);              // the mean that eval_return scored, before its update
        Assert.NotEqual(means[0], means[1]);
        Assert.Equal(100 + 101 + 102 + 103, state.EnvSteps);
        Assert.Equal([100L, 101L, 102L, 103L], state.History.Select(h => h.EnvSteps));
    }

    [Fact]
    public void A_nan_eval_return_never_blocks_a_later_best()
    {
        var es = new OpenAiEs(new OpenAiEsConfig(2, 0.1, 0.5), 3);
        var state = new RunState(es.Initial([0f]), []).Apply(es, 0, [1f, 2f], float.NaN, 0);
        state = state.Apply(es, 1, [1f, 2f], -3f, 0);
        Assert.Equal(1, state.Best!.Generation);
    }

    [Fact]
    public void The_accumulator_counts_each_candidates_steps_once()
    {
        var acc = new GenerationAccumulator(0, 4);
        Assert.Equal(ResultOutcome.Accepted, acc.Offer(0, [0, 1], [1f, 2f], [10L, 20L]));
        Assert.Equal(ResultOutcome.Duplicate, acc.Offer(0, [0, 1], [1f, 2f], [10L, 20L]));
        Assert.Equal(ResultOutcome.AcceptedWithDuplicates, acc.Offer(0, [1, 2, 3], [2f, 3f, 4f], [20L, 30L, 40L]));
        Assert.Equal(ResultOutcome.Invalid, acc.Offer(0, [3], [4f], [1L, 2L]));
        Assert.Equal(100L, acc.EnvSteps());
    }
}
