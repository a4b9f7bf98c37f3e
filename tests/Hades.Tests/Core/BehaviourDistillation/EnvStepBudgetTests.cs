using Hades.Core;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Tests.Support;

namespace Hades.Tests.Core.BehaviourDistillation;

/// <summary>`--env-step-budget N`: a run ends after the first generation whose summed env steps reach N.</summary>
public sealed class EnvStepBudgetTests
{
    static IReadOnlyList<GenerationRecord> History(params long[] steps) =>
        steps.Select((s, g) => new GenerationRecord(g, 1, 2, 3, 0.1, s)).ToArray();

    [Fact]
    public void The_rule_holds_from_the_first_generation_whose_cumulative_steps_reach_the_budget()
    {
        var config = TestConfigs.Tiny(generations: 100) with { EnvStepBudget = 250 };
        Assert.False(RunState.ReachedEnvStepBudget(config, History()));
        Assert.False(RunState.ReachedEnvStepBudget(config, History(100, 100)));
        Assert.True(RunState.ReachedEnvStepBudget(config, History(100, 100, 50)));
        Assert.True(RunState.ReachedEnvStepBudget(config, History(100, 100, 60)));
        Assert.False(RunState.ReachedEnvStepBudget(config with { EnvStepBudget = 0 }, History(100, 100, 60)));
    }

    [Fact]
    public void Progress_expects_the_generations_the_budget_allows_not_the_generation_limit()
    {
        var config = TestConfigs.Tiny(generations: 1000) with { EnvStepBudget = 10_485_760 };
        Assert.Equal(1000, RunState.ExpectedGenerations(config, History()));                 // nothing measured yet
        Assert.Equal(40, RunState.ExpectedGenerations(config, History(262_144)));            // 40 × 262,144 = the budget
        Assert.Equal(40, RunState.ExpectedGenerations(config, History(Enumerable.Repeat(262_144L, 39).ToArray())));
        Assert.Equal(3, RunState.ExpectedGenerations(config with { EnvStepBudget = 250 }, History(100, 100, 60))); // reached: stops here
        Assert.Equal(4, RunState.ExpectedGenerations(config with { EnvStepBudget = 250 }, History(100, 50)));      // 100 left at 50 each
        Assert.Equal(5, RunState.ExpectedGenerations(config with { Generations = 5 }, History(1)));                 // capped at the limit
        Assert.Equal(1000, RunState.ExpectedGenerations(config with { EnvStepBudget = 0 }, History(1, 1)));
    }

    [Fact]
    public void A_direct_es_state_stops_at_the_budget_and_the_budget_is_in_the_words_of_the_budget()
    {
        var config = (TestConfigs.Tiny(generations: 50) with { Method = HadesMethod.DirectEs, EnvStepBudget = 1 }).Validate();
        var problem = new HadesProblem(config);
        var state = RunState.Initial(problem);
        Assert.False(state.IsFinished(config));
        var scores = problem.ScoreCandidates(state.Es, Enumerable.Range(0, config.PopulationSize).ToArray());
        Assert.True(scores.EnvSteps.Sum() > 0);
        state = state.Apply(problem.Strategy, 0, scores.Fitness, 0f, 0.1, scores.EnvSteps.Sum());
        Assert.True(state.IsFinished(config));
        Assert.False(state.IsFinished(config with { EnvStepBudget = scores.EnvSteps.Sum() + 1 }));
        Assert.EndsWith(", until 1 env steps", config.BudgetText());
    }

    [Fact]
    public void Negative_budgets_and_budgets_on_image_tasks_are_refused()
    {
        Assert.Throws<HadesUserException>(() => (TestConfigs.Tiny() with { EnvStepBudget = -1 }).Validate());
        var image = TaskPresets.For(HadesConfig.FashionMnistTask) with { EnvStepBudget = 1000 };
        Assert.Contains("env-step-budget", Assert.Throws<HadesUserException>(() => image.Validate()).Message);
    }
}
