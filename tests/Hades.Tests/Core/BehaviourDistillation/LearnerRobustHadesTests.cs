using Hades.Core;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Core.Training;
using Hades.Tests.Support;

namespace Hades.Tests.Core.BehaviourDistillation;

/// <summary>Learner-robust HaDES (--learners): shared, deterministic draws; grouping does not change fitness.</summary>
public class LearnerRobustHadesTests
{
    const string Space = "hidden=8|16|8x8;activation=relu|tanh;inner-lr=0.01|0.05;inner-steps=3|9";

    static HadesConfig Config(int inits = 4) => TestConfigs.Tiny() with { Learners = Space, Inits = inits };

    [Fact]
    public void Draws_are_shared_by_a_generation_deterministic_and_fresh_each_generation()
    {
        var a = new HadesProblem(Config());
        var b = new HadesProblem(Config());
        var keys = Enumerable.Range(0, 6).Select(g => a.LearnerDraws(g)!.Select(LearnerSpace.GroupKey).ToArray()).ToArray();
        for (int g = 0; g < 6; g++)
        {
            Assert.Equal(4, keys[g].Length);
            Assert.Equal(keys[g], b.LearnerDraws(g)!.Select(LearnerSpace.GroupKey)); // any process draws the same
        }
        Assert.True(keys.Select(k => string.Join(';', k)).Distinct().Count() > 1, "every generation drew the same learners");
        Assert.Null(new HadesProblem(TestConfigs.Tiny()).LearnerDraws(0));
        Assert.NotEqual(keys[0], new HadesProblem(Config() with { Seed = 99 }).LearnerDraws(0)!.Select(LearnerSpace.GroupKey));
    }

    [Fact]
    public void Batched_fitness_equals_each_candidate_and_learner_alone()
    {
        var problem = new HadesProblem(Config());
        // a generation whose draws hold both a shared network (one batched pass of two learners) and distinct ones
        int generation = Enumerable.Range(0, 50).First(g =>
        {
            var nets = problem.LearnerDraws(g)!.Select(LearnerSpace.NetworkKey).ToArray();
            return nets.Distinct().Count() is > 1 and < 4;
        });
        var state = problem.InitialState() with { Generation = generation };
        int[] indices = [0, 1, 5, 6, 11];
        var batched = problem.EvaluateCandidates(state, indices);
        var learners = problem.LearnerDraws(generation)!;
        var inits = problem.InitSeeds(generation);
        for (int c = 0; c < indices.Length; c++)
        {
            var candidate = new float[problem.Dimension];
            problem.Strategy.Candidate(state, indices[c], candidate);
            double sum = 0;
            for (int j = 0; j < learners.Length; j++)
                sum += problem.TrainAndScoreLearners([candidate], [inits[j]], [learners[j]], problem.EpisodeSeed(generation), problem.Config.Episodes)[0];
            Assert.Equal((float)(sum / learners.Length), batched[c]);
        }
        Assert.All(batched, f => Assert.InRange(f, 1f, 500f));
    }

    [Fact]
    public void Learners_are_refused_where_they_mean_nothing()
    {
        Assert.Throws<HadesUserException>(() => (Config() with { Mode = HadesMode.F }).Validate());
        Assert.Throws<HadesUserException>(() => (Config() with { Method = HadesMethod.DirectEs }).Validate());
        Assert.Throws<HadesUserException>(() => (Config() with { Learners = "hidden=0" }).Validate());
        Assert.Throws<HadesUserException>(() => (TestConfigs.Tiny() with { Task = "breakout", DatasetSize = 6, StopWhenSolved = 2 }).Validate());
        Assert.Equal(Space, HadesConfig.FromJson(Config().ToJson(), "test").Learners);
    }

    [Fact]
    public void Stop_when_solved_needs_k_solved_generations_in_a_row()
    {
        var config = TestConfigs.Tiny(generations: 20) with { StopWhenSolved = 2 };
        GenerationRecord Gen(int g, double eval) => new(g, 0, 0, eval, 0);
        Assert.False(RunState.StoppedSolved(config, [Gen(0, 480), Gen(1, 300), Gen(2, 500)]));
        Assert.True(RunState.StoppedSolved(config, [Gen(0, 480), Gen(1, 300), Gen(2, 500), Gen(3, 475)]));
        Assert.False(RunState.StoppedSolved(config with { StopWhenSolved = 0 }, [Gen(0, 500), Gen(1, 500)]));
        Assert.False(RunState.StoppedSolved(config with { Task = "acrobot" }, [Gen(0, -120), Gen(1, -90)]));
        Assert.True(RunState.StoppedSolved(config with { Task = "acrobot" }, [Gen(0, -99), Gen(1, -90)]));
    }

    [Fact]
    public void Generalisation_score_counts_the_pairs_that_reach_the_threshold()
    {
        var problem = new HadesProblem(TestConfigs.Tiny());
        var grid = LearnerSpace.Parse("hidden=8|16;inner-steps=5|40").Grid(problem.Config.InnerLoop());
        // a dataset that says "push toward the side the pole falls to"
        var dataset = new float[] { 0, 0, -0.05f, -0.5f, 0, 0, 0.05f, 0.5f };
        var result = GeneralisationScore.Evaluate(problem, dataset, grid, 3, seed: 1, threshold: 100);
        Assert.Equal(12, result.Pairs);
        Assert.Equal(result.Learners.Sum(l => l.Returns.Count(r => r >= 100)), result.Solved);
        Assert.Equal((double)result.Solved / 12, result.Score);
        Assert.True(result.Solved > 0, "no learner learned the obvious dataset");
        Assert.Equal(result.Score, GeneralisationScore.Evaluate(problem, dataset, grid, 3, seed: 1, threshold: 100).Score);
        // each learner family (a choice of one factor) covers its share of the pairs
        var families = result.Families();
        Assert.Equal(12, families.Where(f => f.Factor == "hidden").Sum(f => f.Pairs));
        Assert.Equal(result.Solved, families.Where(f => f.Factor == "inner-steps").Sum(f => f.Solved));
        var zero = GeneralisationScore.Evaluate(problem, new float[8], grid, 3, seed: 1, threshold: 475);
        Assert.Equal(0, zero.Solved);
    }
}
