using Hades.Core;
using Hades.Core.BehaviourDistillation;
using Hades.Tests.Support;

namespace Hades.Tests.Core.BehaviourDistillation;

/// <summary>--init-aggregate: a candidate's fitness is the mean or the least of its k policies' scores, the same
/// whether the policies train in one batched pass or one by one.</summary>
public class InitAggregateTests
{
    const string Space = "hidden=8|16|8x8;activation=relu|tanh;inner-lr=0.01|0.05;inner-steps=3|9";

    /// <summary>Each candidate's k policies scored one at a time (policy j: init j, learner j, the generation's starts).</summary>
    static float[][] OneByOne(HadesProblem problem, int generation, int[] indices)
    {
        var state = problem.InitialState() with { Generation = generation };
        var inits = problem.InitSeeds(generation);
        var learners = problem.LearnerDraws(generation) ?? Enumerable.Repeat(problem.Config.InnerLoop(), inits.Length).ToArray();
        return indices.Select(i =>
        {
            var candidate = new float[problem.Dimension];
            problem.Strategy.Candidate(state, i, candidate);
            return inits.Select((init, j) => problem.TrainAndScoreLearners([candidate], [init], [learners[j]],
                problem.EpisodeSeed(generation), problem.Config.Episodes)[0]).ToArray();
        }).ToArray();
    }

    [Theory]
    [InlineData("")]
    [InlineData(Space)]
    public void Min_is_the_worst_policy_and_mean_the_average_of_the_same_policies(string learners)
    {
        int[] indices = [0, 1, 4, 7, 10, 13];
        const int generation = 2;
        var config = TestConfigs.Tiny() with { Inits = 4, Learners = learners };
        var min = new HadesProblem(config with { InitAggregate = InitAggregateKind.Min });
        var mean = new HadesProblem(config);
        var perPolicy = OneByOne(mean, generation, indices);
        var state = min.InitialState() with { Generation = generation };
        var minFitness = min.EvaluateCandidates(state, indices);
        var meanFitness = mean.EvaluateCandidates(state, indices);
        for (int c = 0; c < indices.Length; c++)
        {
            Assert.Equal(perPolicy[c].Min(), minFitness[c]);
            Assert.Equal((float)perPolicy[c].Select(r => (double)r).Average(), meanFitness[c], 3);
        }
        // the candidates' policies do not all score alike, so the two aggregates differ somewhere
        Assert.Contains(Enumerable.Range(0, indices.Length), c => minFitness[c] < meanFitness[c]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(Space)]
    public void Eval_aggregate_min_is_the_worst_eval_policy_and_mean_their_average(string learners)
    {
        var config = TestConfigs.Tiny() with { EvalPolicies = 6, Learners = learners };
        var mean = new HadesProblem(config);
        var min = new HadesProblem(config with { EvalAggregate = InitAggregateKind.Min });
        var state = mean.InitialState() with { Generation = 3 };
        var dataset = new float[mean.Dimension];
        mean.Strategy.Candidate(state, 5, dataset);
        state = state with { Mean = dataset };
        var returns = mean.EvalPolicyReturns(state);
        Assert.Equal(6, returns.Length);
        Assert.Equal(returns, min.EvalPolicyReturns(state));
        Assert.Equal(returns.Min(), min.EvaluateGenerationMean(state));
        Assert.Equal((float)returns.Select(r => (double)r).Average(), mean.EvaluateGenerationMean(state), 3);
        // the fresh policies do not all score alike, so the two eval returns differ
        Assert.True(min.EvaluateGenerationMean(state) < mean.EvaluateGenerationMean(state));
    }

    [Fact]
    public void Eval_aggregate_is_kept_in_config_json_by_name_and_an_unknown_one_names_its_option()
    {
        var config = TestConfigs.Tiny() with { EvalAggregate = InitAggregateKind.Min };
        Assert.Contains("\"eval_aggregate\": \"min\"", config.ToJson());
        Assert.Equal(InitAggregateKind.Min, HadesConfig.FromJson(config.ToJson(), "test").EvalAggregate);
        Assert.Equal(InitAggregateKind.Mean, new HadesConfig().EvalAggregate);
        Assert.Contains("eval-aggregate", Assert.Throws<HadesUserException>(() => InitAggregate.ParseEval("median")).Message);
        Assert.Throws<HadesUserException>(() => (config with { Method = HadesMethod.DirectEs }).Validate());
    }

    [Fact]
    public void Unknown_aggregate_is_refused_and_the_choice_is_kept_in_config_json_by_name()
    {
        Assert.Throws<HadesUserException>(() => InitAggregate.Parse("median"));
        string json = TestConfigs.Tiny().ToJson();
        Assert.Contains("\"init_aggregate\": \"mean\"", json);
        Assert.Throws<HadesUserException>(() => HadesConfig.FromJson(json.Replace("\"init_aggregate\": \"mean\"", "\"init_aggregate\": \"median\""), "test"));
        var config = TestConfigs.Tiny() with { InitAggregate = InitAggregateKind.Min };
        Assert.Contains("\"init_aggregate\": \"min\"", config.ToJson());
        Assert.Equal(InitAggregateKind.Min, HadesConfig.FromJson(config.ToJson(), "test").InitAggregate);
        Assert.Equal(InitAggregateKind.Mean, new HadesConfig().InitAggregate);
    }
}
