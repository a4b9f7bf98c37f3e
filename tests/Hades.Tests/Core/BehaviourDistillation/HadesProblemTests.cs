using Hades.Core.BehaviourDistillation;
using Hades.Core.Es;
using Hades.Tests.Support;

namespace Hades.Tests.Core.BehaviourDistillation;

public class HadesProblemTests
{
    [Fact]
    public void Fitness_of_a_candidate_does_not_depend_on_its_batch()
    {
        var problem = new HadesProblem(TestConfigs.Tiny());
        var state = problem.InitialState() with { Generation = 2 };
        var all = problem.EvaluateCandidates(state, Enumerable.Range(0, 16).ToArray());
        var firstHalf = problem.EvaluateCandidates(state, Enumerable.Range(0, 8).ToArray());
        var reversed = problem.EvaluateCandidates(state, Enumerable.Range(8, 8).Reverse().ToArray());
        Assert.Equal(all[..8], firstHalf);
        Assert.Equal(all[8..], reversed.Reverse());
        Assert.All(all, f => Assert.InRange(f, 1f, 500f));
    }

    [Fact]
    public void Hades_F_uses_one_fixed_init_across_generations_and_R_fresh_ones()
    {
        var f = new HadesProblem(TestConfigs.Tiny() with { Mode = HadesMode.F });
        var r = new HadesProblem(TestConfigs.Tiny() with { Mode = HadesMode.R, Inits = 3 });
        Assert.Equal(f.InitSeeds(0), f.InitSeeds(5));
        Assert.Single(f.InitSeeds(0));
        Assert.Equal(3, r.InitSeeds(0).Length);
        Assert.NotEqual(r.InitSeeds(0), r.InitSeeds(1));
    }

    [Fact]
    public void Replaying_generations_reproduces_the_state_exactly()
    {
        var problem = new HadesProblem(TestConfigs.Tiny());
        var live = RunState.Initial(problem);
        var log = new List<(int, float[], float)>();
        for (int g = 0; g < 3; g++)
        {
            var fitness = problem.EvaluateCandidates(live.Es, Enumerable.Range(0, 16).ToArray());
            log.Add((g, fitness, 1f));
            live = live.Apply(problem.Strategy, g, fitness, 1f, 0.1);
        }
        var replayed = RunState.Initial(problem);
        foreach (var (g, fitness, eval) in log) replayed = replayed.Apply(problem.Strategy, g, fitness, eval, 0.1);
        Assert.Equal(live.Es.Mean, replayed.Es.Mean);
        Assert.Equal(live.Es.AdamV, replayed.Es.AdamV);
        Assert.Equal(3, replayed.History.Count);
        Assert.Throws<InvalidOperationException>(() => replayed.Apply(problem.Strategy, 7, log[0].Item2, 0, 0));
    }

    [Fact]
    public void Learned_labels_evolve_logits_after_the_states()
    {
        var problem = new HadesProblem(TestConfigs.Tiny() with { Labels = Hades.Core.Datasets.LabelMode.Learned, Task = "acrobot", DatasetSize = 3 });
        Assert.Equal(3 * 6 + 3 * 3, problem.Layout.Dimension);
        var fitness = problem.EvaluateCandidates(problem.InitialState(), [0, 1, 2, 3]);
        Assert.All(fitness, f => Assert.InRange(f, -500f, 0f));
    }

    [Fact]
    public void Eval_scores_each_fresh_policy_on_its_own_start()
    {
        var problem = new HadesProblem(TestConfigs.Tiny());
        var returns = problem.EvaluateDataset(new float[problem.Layout.Dimension], 6, 1, seed: 9);
        Assert.Equal(6, returns.Length);
        Assert.Equal(returns, problem.EvaluateDataset(new float[problem.Layout.Dimension], 6, 1, seed: 9));
    }
}
