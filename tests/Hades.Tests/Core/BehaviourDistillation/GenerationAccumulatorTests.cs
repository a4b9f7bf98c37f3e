using Hades.Core.BehaviourDistillation;

namespace Hades.Tests.Core.BehaviourDistillation;

public class GenerationAccumulatorTests
{
    [Fact]
    public void Completes_only_with_every_candidate_and_the_eval_return()
    {
        var acc = new GenerationAccumulator(3, 4);
        Assert.Equal(ResultOutcome.Accepted, acc.Offer(3, [2, 0], [20f, 0f]));
        Assert.False(acc.IsComplete);
        Assert.Equal([1, 3], acc.Missing());
        Assert.Equal(ResultOutcome.Accepted, acc.Offer(3, [3, 1], [30f, 10f]));
        Assert.False(acc.IsComplete);
        Assert.Throws<InvalidOperationException>(() => acc.Fitness());
        Assert.Equal(ResultOutcome.Accepted, acc.OfferEvalReturn(3, 99f));
        Assert.True(acc.IsComplete);
        Assert.Equal([0f, 10f, 20f, 30f], acc.Fitness());
    }

    [Fact]
    public void Stale_and_duplicate_results_are_dropped_and_counted()
    {
        var acc = new GenerationAccumulator(5, 2);
        Assert.Equal(ResultOutcome.Stale, acc.Offer(4, [0], [1f]));
        Assert.Equal(ResultOutcome.Stale, acc.OfferEvalReturn(6, 1f));
        Assert.Equal(ResultOutcome.Accepted, acc.Offer(5, [0], [7f]));
        Assert.Equal(ResultOutcome.Duplicate, acc.Offer(5, [0], [8f]));
        Assert.Equal(ResultOutcome.Invalid, acc.Offer(5, [9], [1f]));
        Assert.Equal(ResultOutcome.AcceptedWithDuplicates, acc.Offer(5, [0, 1], [9f, 3f]));
        Assert.Equal(2, acc.StaleDropped);
        Assert.Equal(2, acc.DuplicatesDropped);
        acc.OfferEvalReturn(5, 0f);
        Assert.Equal([7f, 3f], acc.Fitness()); // the duplicate did not overwrite
    }
}
