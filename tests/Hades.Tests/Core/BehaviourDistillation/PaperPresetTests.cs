using System.Text.Json.Nodes;
using Hades.Core;
using Hades.Core.BehaviourDistillation;

namespace Hades.Tests.Core.BehaviourDistillation;

/// <summary>`--preset paper` selects the paper's settings per task family (hades-method.md §2–§5) and config.json
/// records them; `quick` (the default) is what the presets were before.</summary>
public sealed class PaperPresetTests
{
    static JsonObject Json(HadesConfig c) => JsonNode.Parse(c.Validate().ToJson())!.AsObject();

    [Theory]
    [InlineData("breakout")]
    [InlineData("space-invaders")]
    public void MinAtar_paper_preset_is_the_papers_snes_setting_with_the_papers_fitness_protocol(string task)
    {
        var json = Json(TaskPresets.For(task, TaskPresets.Paper));
        Assert.Equal("paper", (string)json["preset"]!);
        Assert.Equal(0.0, (double)json["sticky_actions"]!);
        Assert.Equal("orthogonal", (string)json["policy_init"]!);
        Assert.Equal("last-finished", (string)json["fitness_protocol"]!);
        Assert.Equal(8, (int)json["episodes"]!);
        Assert.Equal(1024, (int)json["fitness_steps"]!);
        Assert.Equal("snes", (string)json["strategy"]!);
        Assert.Equal(0.5, (double)json["sigma"]!);
        Assert.Equal(20.0, (double)json["temperature"]!);
        Assert.Equal(16, (int)json["dataset_size"]!);
        Assert.Equal("fixed", (string)json["labels"]!);
        Assert.Equal([512, 512], json["hidden"]!.AsArray().Select(h => (int)h!));
        Assert.Equal("relu", (string)json["activation"]!);
        Assert.Equal(64, (int)json["inner_steps"]!);
        Assert.Equal("fixed", (string)json["obs_norm"]!);
        Assert.Equal("sample", (string)json["action_selection"]!);
        Assert.Equal(2048, (int)json["population_size"]!);
        Assert.Equal(2000, (int)json["generations"]!);
    }

    [Fact]
    public void Direct_es_on_minatar_in_the_paper_preset_uses_the_papers_baseline_strategy()
    {
        var direct = TaskPresets.For("breakout", TaskPresets.Paper, "direct-es").Validate();
        Assert.Equal((Hades.Core.Es.StrategyKind.Snes, 0.03, 20.0), (direct.Strategy, direct.Sigma, direct.Temperature));
        Assert.Equal(1, direct.Inits);
        Assert.Equal(0.5, TaskPresets.For("breakout", TaskPresets.Paper, "hades").Sigma);
    }

    [Fact]
    public void Hopper_paper_preset_is_the_brax_setting()
    {
        var json = Json(TaskPresets.For("hopper", TaskPresets.Paper));
        Assert.Equal("paper", (string)json["preset"]!);
        Assert.Equal(0.0, (double)json["sticky_actions"]!);
        Assert.Equal("orthogonal", (string)json["policy_init"]!);
        Assert.Equal("finished-mean", (string)json["fitness_protocol"]!);
        Assert.Equal((4, 1024), ((int)json["episodes"]!, (int)json["fitness_steps"]!));
        Assert.Equal(64, (int)json["dataset_size"]!);
        Assert.Equal(200, (int)json["inner_steps"]!); // hopper and IDP: 200, the others 400
        Assert.Equal(400, TaskPresets.For("halfcheetah", TaskPresets.Paper).InnerSteps);
        Assert.Equal(200, TaskPresets.For("inverted-double-pendulum", TaskPresets.Paper).InnerSteps);
        Assert.Equal([512, 512], json["hidden"]!.AsArray().Select(h => (int)h!));
        Assert.Equal("tanh", (string)json["activation"]!);
        Assert.Equal((0.03, 0.05), ((double)json["sigma"]!, (double)json["learning_rate"]!));
        Assert.Equal((0.005, 0.5), ((double)json["inner_learning_rate"]!, (double)json["inner_grad_clip"]!));
        Assert.Equal(2, (int)json["inits"]!);
        Assert.Equal("running", (string)json["obs_norm"]!); // the paper's D = 64 runs
    }

    [Fact]
    public void Fashion_mnist_paper_preset_is_the_papers_image_setting()
    {
        var c = TaskPresets.For(HadesConfig.FashionMnistTask, TaskPresets.Paper);
        Assert.Equal((512, 2, 1000, 0.1), (c.PopulationSize, c.Inits, c.InnerSteps, c.InnerLearningRate));
        Assert.Equal(("loss", 60_000), (c.ImageFitness, c.SelectionImages)); // CE on the whole training set
        Assert.Equal((0.02, 0.999, 0.001, 0.01, 0.999), (c.Sigma, c.SigmaDecay, c.SigmaLimit, c.LearningRate, c.LrDecay));
        Assert.Equal(("paper", 0.0, HadesMode.R), (c.Preset, c.StickyActions, c.Mode));
        Assert.Equal(1, c.BatchSize); // short work items: a candidate is 2 CNNs scored on 60,000 images
        Assert.Contains("\"preset\": \"paper\"", c.ToJson());
    }

    [Theory]
    [InlineData("cartpole")]
    [InlineData("breakout")]
    [InlineData("hopper")]
    [InlineData("fashion-mnist")]
    public void Quick_is_the_default_and_keeps_the_earlier_settings(string task)
    {
        var quick = TaskPresets.For(task, TaskPresets.Quick);
        Assert.Equal(TaskPresets.For(task).ToJson(), quick.ToJson());
        Assert.Equal(("quick", Hades.Core.Policies.PolicyInitKind.Normal, Hades.Core.Training.FitnessProtocol.Episode), (quick.Preset, quick.PolicyInit, quick.FitnessProtocol));
        // a config.json written before these keys existed reads as the same experiment (a resume accepts it)
        var old = JsonNode.Parse(quick.ToJson())!.AsObject();
        foreach (var key in new[] { "preset", "sticky_actions", "policy_init", "fitness_protocol", "fitness_steps" }) old.Remove(key);
        Assert.True(HadesConfig.FromJson(old.ToJsonString(), "old").SameExperimentAs(quick));
    }

    [Fact]
    public void Bad_preset_protocol_init_or_sticky_probability_is_a_user_error()
    {
        Assert.Throws<HadesUserException>(() => TaskPresets.For("breakout", "fast"));
        Assert.Equal("unknown fitness-protocol 'best' (expected episode, last-finished or finished-mean)", Assert.Throws<HadesUserException>(() => Hades.Core.Training.FitnessProtocols.Parse("best")).Message);
        Assert.Equal("unknown policy-init 'xavier' (expected normal or orthogonal)", Assert.Throws<HadesUserException>(() => Hades.Core.Policies.PolicyInitNames.Parse("xavier")).Message);
        Assert.Throws<HadesUserException>(() => (TaskPresets.For("breakout") with { StickyActions = 1.5 }).Validate());
        Assert.Throws<HadesUserException>(() => (TaskPresets.For("breakout") with { FitnessSteps = 0 }).Validate());
    }
}
