using System.Text.Json.Nodes;
using Hades.Core.Campaigns;
using Hades.Core.DataFree;

namespace Hades.Tests.Core.DataFree;

/// <summary>Image distillations start from the documented image budget; policy tasks from the config defaults; a
/// campaign's keys override the preset.</summary>
public sealed class DistilPresetsTests
{
    [Fact]
    public void Baselines_start_from_their_published_settings()
    {
        // DAFL (Chen et al. 2019, official DAFL_train.py): batch 512, Adam lr_G 0.2 / lr_S 2e-3, τ 1, BatchNorm ε 0.8
        var dafl = DistilPresets.For("fashion-mnist", "dafl");
        Assert.Equal((512, 0.2, 2e-3, 1.0, 0.8, 1), (dafl.BatchSize, dafl.GeneratorLearningRate, dafl.StudentLearningRate,
            dafl.KdTemperature, dafl.GeneratorBatchNormEps, dafl.StudentStepsPerGeneratorStep));
        // DFAD (Fang et al. 2019): batch 512, lr_G 1e-3, 5 student steps per generator step
        var dfad = DistilPresets.For("fashion-mnist", "dfad");
        Assert.Equal((512, 1e-3, 5), (dfad.BatchSize, dfad.GeneratorLearningRate, dfad.StudentStepsPerGeneratorStep));
        // ZSKT (Micaelli & Storkey 2019): batch 128, lr_G 1e-3, lr_S 2e-3 with cosine decay, ns = 10, τ 1, β = 250
        var zskt = DistilPresets.For("fashion-mnist", "zskt");
        Assert.Equal((128, 1e-3, 2e-3, true, 10, 1.0, 250.0), (zskt.BatchSize, zskt.GeneratorLearningRate, zskt.StudentLearningRate,
            zskt.StudentLrDecay, zskt.StudentStepsPerGeneratorStep, zskt.KdTemperature, zskt.AttentionWeight));
    }

    [Theory]
    [InlineData("gas")]
    [InlineData("dafl")]
    [InlineData("dfad")]
    [InlineData("zskt")]
    [InlineData("kd-real")]
    public void Every_image_preset_sees_the_same_256000_student_inputs_and_scores_on_the_test_split(string method)
    {
        var c = DistilPresets.For("fashion-mnist", method).Validate();
        Assert.Equal(256_000, c.Steps * c.BatchSize);
        Assert.Equal(("test", 0), (c.ScoreSplit, c.FinalEvalEpisodes));
    }

    [Fact]
    public void Policy_tasks_start_from_the_documented_rl_settings()
    {
        var c = DistilPresets.For("acrobot", "gas");
        Assert.Equal(new DistilConfig { Task = "acrobot", LatentSize = 32, ChunkSteps = 200 }, c);
    }

    [Fact]
    public void Campaign_keys_override_the_image_preset()
    {
        var root = JsonNode.Parse("""
            {"name": "p", "kind": "distil", "base": {"task": "fashion-mnist", "steps": 10},
             "grid": {"method": ["gas", "dfad"]}, "experiments": [{"name": "big", "task": "fashion-mnist", "batch_size": 64}]}
            """)!.AsObject();
        var plan = DistilCampaignPlan.Parse(root, "test.json");
        var byName = plan.Experiments.ToDictionary(e => e.Name, e => e.Config);
        Assert.Equal(3, byName.Count);
        Assert.All(byName.Values, c => Assert.Equal(10, c.Steps));
        Assert.Equal(5, byName.Values.Single(c => c.Method == "dfad").StudentStepsPerGeneratorStep);
        Assert.Equal(64, byName["big"].BatchSize);
        Assert.Equal(2, byName["big"].StudentStepsPerGeneratorStep);
    }
}
