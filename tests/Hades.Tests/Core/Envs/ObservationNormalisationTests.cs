using Hades.Core.Datasets;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Envs;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Envs;

public class ObservationNormalisationTests
{
    [Fact]
    public void Fixed_statistics_are_deterministic_and_on_the_task_scale()
    {
        var (mean, std) = ObservationStats.For("mountaincar");
        Assert.Equal(2, mean.Length);
        Assert.InRange(mean[0], -0.7f, -0.3f);   // random actions stay near the valley floor (−0.52)
        Assert.InRange(std[1], 0.001f, 0.02f);   // velocities are tiny: this is why normalisation matters
        Assert.Equal(mean, ObservationStats.For("mountaincar").Mean);
    }

    [Fact]
    public void Normalised_parameters_are_stored_as_raw_states_and_read_back()
    {
        var layout = new DatasetLayout(2, 2, 3, LabelMode.Fixed) { ObservationOffset = [-0.5f, 0f], ObservationScale = [0.2f, 0.01f] };
        var dataset = layout.ToDataset("mountaincar", [1f, 2f, -1f, 0f]);
        Assert.Equal([-0.3f, 0.02f], dataset.States[0]);
        Assert.Equal([-0.7f, 0f], dataset.States[1]);
        var back = dataset.ToParameters(layout);
        for (int k = 0; k < 4; k++) Assert.Equal(new[] { 1f, 2f, -1f, 0f }[k], back[k], 5);
    }

    [Fact]
    public void A_run_config_with_fixed_normalisation_evaluates_candidates()
    {
        var problem = new HadesProblem(TestConfigs.Tiny() with { Task = "mountaincar", DatasetSize = 3, ObsNorm = "fixed" });
        Assert.NotNull(problem.Layout.ObservationScale);
        var fitness = problem.EvaluateCandidates(problem.InitialState(), [0, 1, 2, 3]);
        Assert.All(fitness, f => Assert.InRange(f, -200f, -1f));
        Assert.Throws<Hades.Core.HadesUserException>(() => (TestConfigs.Tiny() with { ObsNorm = "rolling" }).Validate());
    }
}
