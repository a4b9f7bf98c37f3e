using Hades.Core;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Envs;
using Hades.Core.Envs.MinAtar;
using Hades.Host.Cli;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Sticky actions and difficulty ramping as options: defaults (the paper's: sticky 0, ramping on), config
/// fields, command-line options, and the environments they reach.</summary>
public sealed class MinAtarOptionsTests
{
    public static TheoryData<string> Games => MinAtarRunner.GameNames;

    [Theory]
    [MemberData(nameof(Games))]
    public void Defaults_AreThePapers_InTheRegistry_TheConfig_AndTheQuickPreset(string game)
    {
        Assert.Equal(new MinAtarOptions(0.0, true), MinAtarOptions.Default);
        var env = Assert.IsAssignableFrom<MinAtarEnv>(TaskRegistry.Factory(game)(2));
        Assert.Equal(0.0, env.StickyProbability);
        Assert.True(env.Ramping);
        var preset = TaskPresets.For(game);
        Assert.Equal(0.0, preset.StickyActions);
        Assert.True(preset.Ramping);
        Assert.Equal(MinAtarOptions.Default, preset.MinAtarOptions);
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void Options_ReachTheGame_ThroughTheRegistry_AndTheHadesProblem(string game)
    {
        var env = Assert.IsAssignableFrom<MinAtarEnv>(TaskRegistry.Factory(game, new MinAtarOptions(0.25, false))(3));
        Assert.Equal(0.25, env.StickyProbability);
        Assert.False(env.Ramping);
        Assert.Equal(3, env.Count);

        var config = TaskPresets.For(game) with { StickyActions = 0.1, Ramping = false, PopulationSize = 4, Generations = 1 };
        var problem = new HadesProblem(config);
        var scored = Assert.IsAssignableFrom<MinAtarEnv>(problem.CreateEnv(2));
        Assert.Equal(0.1, scored.StickyProbability);
        Assert.False(scored.Ramping);
    }

    [Fact]
    public void OtherTasks_IgnoreTheOptions()
    {
        var env = TaskRegistry.Factory("cartpole", new MinAtarOptions(0.5, false))(2);
        Assert.IsType<CartPole>(env);
    }

    [Fact]
    public void ConfigJson_CarriesBothFields_AndOlderConfigsReadAsTheDefaults()
    {
        var config = TaskPresets.For("freeway") with { StickyActions = 0.1, Ramping = false };
        string json = config.ToJson();
        Assert.Contains("\"sticky_actions\": 0.1", json);
        Assert.Contains("\"ramping\": false", json);
        var back = HadesConfig.FromJson(json, "config.json");
        Assert.Equal(new MinAtarOptions(0.1, false), back.MinAtarOptions);

        var node = System.Text.Json.Nodes.JsonNode.Parse(TaskPresets.For("freeway").ToJson())!.AsObject();
        node.Remove("sticky_actions");
        node.Remove("ramping");
        Assert.Equal(MinAtarOptions.Default, HadesConfig.FromJson(node.ToJsonString(), "old config.json").MinAtarOptions);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void StickyActionsOutside0To1_AreAUserError(double sticky)
    {
        var e = Assert.Throws<HadesUserException>(() => (TaskPresets.For("seaquest") with { StickyActions = sticky }).Validate());
        // NaN is refused first by the generic finite-number check, the others by the range check
        Assert.Contains(double.IsNaN(sticky) ? "sticky-actions must be a finite number" : "sticky-actions must lie in [0, 1]", e.Message);
        Assert.Throws<HadesUserException>(() => TaskRegistry.Factory("breakout", new MinAtarOptions(sticky, true)));
    }

    [Fact]
    public void CommandLine_SetsBothOptions_OverAnyPreset()
    {
        static HadesConfig Read(params string[] args) =>
            ConfigOptions.Read(HadesCommandLine.Parse(["run", .. args]));
        Assert.Equal(MinAtarOptions.Default, Read("--task", "seaquest").MinAtarOptions);
        Assert.Equal(new MinAtarOptions(0.1, false), Read("--task", "seaquest", "--sticky-actions", "0.1", "--ramping", "off").MinAtarOptions);
        Assert.True(Read("--task", "breakout", "--ramping", "on").Ramping);
        Assert.Contains(ConfigOptions.All, o => o.Option.Name == "--sticky-actions");
        Assert.Contains(ConfigOptions.All, o => o.Option.Name == "--ramping");
        Assert.Throws<HadesUserException>(() => MinAtarOptions.ParseRamping("sometimes"));
    }
}
