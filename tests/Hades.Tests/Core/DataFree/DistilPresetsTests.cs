using System.Text.Json.Nodes;
using Hades.Core.Campaigns;
using Hades.Core.DataFree;

namespace Hades.Tests.Core.DataFree;

/// <summary>Image distillations start from the documented image budget; policy tasks from the config defaults; a
/// campaign's keys override the preset.</summary>
public sealed class DistilPresetsTests
{
    [Theory]
    [InlineData("gas", 0.01, 2)]
    [InlineData("dafl", 0.01, 1)]
    [InlineData("dfad", 0.001, 5)]
    [InlineData("zskt", 0.001, 10)]
    public void Image_methods_start_from_their_published_generator_schedule(string method, double generatorLr, int studentPerGenerator)
    {
        var c = DistilPresets.For("fashion-mnist", method);
        Assert.Equal((128, 8.0, 50, 0), (c.BatchSize, c.KdTemperature, c.ExemplarsPerClass, c.FinalEvalEpisodes));
        Assert.Equal(generatorLr, c.GeneratorLearningRate);
        Assert.Equal(studentPerGenerator, c.StudentStepsPerGeneratorStep);
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
