using Hades.Core.BehaviourDistillation;
using Hades.Core.Campaigns;
using Hades.Core.Runs;

namespace Hades.Tests.Core.Campaigns;

public class CampaignSeedsTests
{
    [Fact]
    public void Experiments_that_differ_only_in_the_seed_form_one_group()
    {
        var r = new HadesConfig { Task = "cartpole" };
        var f = r with { Mode = Hades.Core.BehaviourDistillation.HadesMode.F };
        CampaignExperiment[] plan =
        [
            new("seed0-moder", r with { Seed = 0 }), new("seed0-modef", f with { Seed = 0 }),
            new("seed1-moder", r with { Seed = 1 }), new("seed1-modef", f with { Seed = 1 }),
            new("big", r with { DatasetSize = 16 }),
        ];
        var histories = Enumerable.Range(0, plan.Length)
            .Select(i => (IReadOnlyList<GenerationRecord>)[new GenerationRecord(0, i, i, 10 * i, 0), new GenerationRecord(1, i, i, 10 * i + 1, 0)]).ToArray();
        var groups = CampaignSeeds.Groups(plan, i => histories[i]);
        Assert.Equal(["moder", "modef", "big"], groups.Select(g => g.Label));
        Assert.Equal([2, 2, 1], groups.Select(g => g.Runs.Count));
        Assert.Equal(new double[] { 10, 11 }, groups[0].Band(Hades.Core.Rendering.FitnessMetric.EvalReturn).Mean);   // (0 + 20) / 2, (1 + 21) / 2
    }
}
