using System.Text.Json.Nodes;
using Hades.Core;
using Hades.Core.Campaigns;

namespace Hades.Tests.Core.Campaigns;

/// <summary>Multi-stage campaign files: kinds, per-entry grids, needs on names and grid groups, and the refusals.</summary>
public sealed class CampaignStagesTests
{
    static CampaignPlan Parse(string json) => CampaignPlan.Parse(JsonNode.Parse(json)!.AsObject(), "test.json");

    const string ZeroShot = """
        {
          "name": "zs", "parallel": 3,
          "base": { "generations": 7 },
          "experiments": [
            { "name": "expert", "kind": "ppo", "grid": { "task": ["cartpole", "acrobot"], "seed": [0, 1] }, "env_steps": 1000 },
            { "name": "data", "grid": { "task": ["cartpole", "acrobot"], "seed": [0, 1] }, "population_size": 16 },
            { "name": "agent", "kind": "zero-shot", "grid": { "seed": [0, 1] }, "needs": ["data", "expert"], "episodes": 3 },
            { "name": "sweep", "kind": "generalise", "needs": ["data-taskacrobot-seed1"], "widths": [8] },
            { "name": "student", "kind": "distil", "task": "cartpole", "needs": ["expert-taskcartpole-seed0"], "steps": 10, "chunk_steps": 5 }
          ]
        }
        """;

    [Fact]
    public void A_grid_entry_expands_into_named_experiments_and_a_need_on_it_matches_the_shared_grid_keys()
    {
        var plan = Parse(ZeroShot);
        Assert.Equal(3, plan.Parallel);
        Assert.Equal(["expert-taskcartpole-seed0", "expert-taskcartpole-seed1", "expert-taskacrobot-seed0", "expert-taskacrobot-seed1",
            "data-taskcartpole-seed0", "data-taskcartpole-seed1", "data-taskacrobot-seed0", "data-taskacrobot-seed1",
            "agent-seed0", "agent-seed1", "sweep", "student"], plan.Stages.Select(s => s.Name));
        var agent1 = plan.Stages.Single(s => s.Name == "agent-seed1");
        Assert.Equal(CampaignStageKind.ZeroShot, agent1.Kind);
        Assert.Equal(["expert-taskcartpole-seed1", "expert-taskacrobot-seed1", "data-taskcartpole-seed1", "data-taskacrobot-seed1"], agent1.Needs);
        Assert.Equal(["data-taskacrobot-seed1"], plan.Stages.Single(s => s.Name == "sweep").Needs);
        // HaDES experiments: the task's preset, "base", then their own keys; other kinds do not inherit "base"
        var data = plan.Experiments.Single(e => e.Name == "data-taskacrobot-seed1").Config;
        Assert.Equal(("acrobot", 1UL, 7, 16), (data.Task, data.Seed, data.Generations, data.PopulationSize));
        Assert.Equal(4, plan.Experiments.Count);
        Assert.False(plan.Stages.Single(s => s.Name == "expert-taskcartpole-seed0").Settings.ContainsKey("generations"));
        Assert.True(plan.IsMultiStage);
    }

    [Fact]
    public void A_ppo_experiment_starts_from_the_task_preset_and_takes_its_budget_in_env_steps()
    {
        var stage = Parse(ZeroShot).Stages.Single(s => s.Name == "expert-taskacrobot-seed1");
        var file = PpoStage.Build(stage.Settings, stage.Name);
        Assert.Equal(("acrobot", 1UL), (file.Ppo.Task, file.Ppo.Seed));
        Assert.Equal((1000 + file.Ppo.BatchSize - 1) / file.Ppo.BatchSize, file.Iterations);
    }

    [Fact]
    public void A_plain_campaign_file_keeps_its_names_order_and_plan_json()
    {
        var plan = Parse("""{ "name": "p", "base": { "generations": 2 }, "grid": { "seed": [0, 1] }, "experiments": [ { "name": "x", "task": "acrobot" } ] }""");
        Assert.Equal(["seed0", "seed1", "x"], plan.Stages.Select(s => s.Name));
        Assert.False(plan.IsMultiStage);
        Assert.Equal(1, plan.Parallel);
        Assert.All(plan.Stages, s => Assert.Equal(s.Hades!.ToJson(), s.PlanJson));
    }

    [Theory]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "a", "needs": ["b"] }, { "name": "b", "needs": ["a"] } ] }""", "cycle: a → b → a")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "a", "needs": ["a"] } ] }""", "cannot need itself")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "a", "needs": ["nobody"] } ] }""", "needs \"nobody\", which is no experiment")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "a", "kind": "bake" } ] }""", "unknown kind \"bake\"")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "a", "needs": "b" } ] }""", "\"needs\" must be a list")]
    [InlineData("""{ "name": "c", "parallel": 0, "experiments": [ { "name": "a" } ] }""", "\"parallel\" must be a positive integer")]
    [InlineData("""{ "name": "c", "base": { "kind": "ppo" }, "experiments": [ { "name": "a" } ] }""", "belong to listed experiments")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "d", "task": "cartpole" }, { "name": "z", "kind": "zero-shot", "needs": ["d"] } ] }""", "at least two HaDES")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "d", "grid": { "seed": [0, 1] } }, { "name": "z", "kind": "zero-shot", "needs": ["d"] } ] }""", "two datasets of task 'cartpole'")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "d", "grid": { "seed": [0] } }, { "name": "z", "kind": "zero-shot", "grid": { "seed": [5] }, "needs": ["d"] } ] }""", "none of its experiments has the same seed")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "g", "kind": "generalise" } ] }""", "exactly one HaDES")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "d" }, { "name": "g", "kind": "generalise", "needs": ["d"], "colour": 1 } ] }""", "unknown key \"colour\"")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "p", "kind": "ppo", "colour": 1 } ] }""", "not a valid PPO config")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "p", "kind": "ppo" }, { "name": "q", "kind": "ppo" }, { "name": "s", "kind": "distil", "needs": ["p", "q"] } ] }""", "at most one PPO")]
    [InlineData("""{ "name": "c", "experiments": [ { "name": "p", "kind": "ppo", "grid": {} } ] }""", "must be a non-empty object")]
    public void Bad_stages_are_refused(string json, string expected)
    {
        var e = Assert.Throws<HadesUserException>(() => Parse(json));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
