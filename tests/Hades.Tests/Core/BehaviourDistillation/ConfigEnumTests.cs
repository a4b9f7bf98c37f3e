using Hades.Core;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Datasets;
using Hades.Core.Policies;
using Hades.Core.Storage;
using Hades.Core.Training;
using Hades.Tests.Support;

namespace Hades.Tests.Core.BehaviourDistillation;

/// <summary>Config values that are enums (mode, labels, method, fitness protocol, policy init, action selection, strategy) keep
/// the strings config.json always had, and old run dirs keep loading.</summary>
public class ConfigEnumTests
{
    /// <summary>config.json exactly as the code before the enums wrote it (`hades run --task cartpole --generations 1
    /// --population 4 --inner-steps 2 --eval-policies 1 --episodes 1 --dataset-size 4 --mode F --labels learned
    /// --fitness-protocol last-finished --fitness-steps 8 --policy-init orthogonal --action-selection sample
    /// --final-eval-episodes 0`, commit d5f5a17).</summary>
    const string WrittenBeforeEnums = """
        {
          "task": "cartpole",
          "method": "hades",
          "seed": 0,
          "generations": 1,
          "population_size": 4,
          "dataset_size": 4,
          "hidden": [
            64,
            64
          ],
          "activation": "relu",
          "inner_steps": 2,
          "inner_learning_rate": 0.03,
          "inner_grad_clip": 0,
          "episodes": 1,
          "inits": 2,
          "strategy": "openai-es",
          "sigma": 0.1,
          "learning_rate": 0.05,
          "sigma_decay": 1,
          "sigma_limit": 0,
          "lr_decay": 1,
          "lr_limit": 0,
          "temperature": 20,
          "mode": "F",
          "labels": "learned",
          "shaping": "raw",
          "action_selection": "sample",
          "device": "cpu",
          "obs_norm": "none",
          "sticky_actions": 0,
          "ramping": true,
          "eval_policies": 1,
          "batch_size": 128,
          "max_batches_in_flight": 2,
          "snapshot_every": 10,
          "final_eval_episodes": 0,
          "images_per_class": 1,
          "image_fitness": "accuracy",
          "selection_images": 2000,
          "preset": "quick",
          "policy_init": "orthogonal",
          "fitness_protocol": "last-finished",
          "fitness_steps": 8,
          "learners": "",
          "stop_when_solved": 0
        }

        """;

    [Fact]
    public void A_config_written_before_the_enums_reads_into_them_and_writes_back_its_own_text()
    {
        var config = HadesConfig.FromJson(WrittenBeforeEnums, "config.json").Validate();
        Assert.Equal(HadesMethod.Hades, config.Method);
        Assert.Equal(HadesMode.F, config.Mode);
        Assert.Equal(LabelMode.Learned, config.Labels);
        Assert.Equal(ActionSelection.Sample, config.ActionSelection);
        Assert.Equal(PolicyInitKind.Orthogonal, config.PolicyInit);
        Assert.Equal(FitnessProtocol.LastFinished, config.FitnessProtocol);
        Assert.Equal(Hades.Core.Es.StrategyKind.OpenAiEs, config.Strategy);
        // written back with the same text for every key the old file had, in the same order; settings added since
        // (e.g. init_aggregate) follow with their defaults
        string written = config.ToJson();
        string oldBody = WrittenBeforeEnums[..WrittenBeforeEnums.LastIndexOf('}')].TrimEnd();
        Assert.StartsWith(oldBody, written);
        Assert.Equal(HadesConfig.FromJson(written, "config.json").ToJson(), written);
    }

    [Fact]
    public void Defaults_are_written_with_their_old_strings()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(new HadesConfig().ToJson())!.AsObject();
        Assert.Equal("hades", (string?)json["method"]);
        Assert.Equal("R", (string?)json["mode"]);
        Assert.Equal("fixed", (string?)json["labels"]);
        Assert.Equal("greedy", (string?)json["action_selection"]);
        Assert.Equal("normal", (string?)json["policy_init"]);
        Assert.Equal("episode", (string?)json["fitness_protocol"]);
        Assert.Equal("openai-es", (string?)json["strategy"]);
        var direct = System.Text.Json.Nodes.JsonNode.Parse((new HadesConfig() with { Method = HadesMethod.DirectEs, FitnessProtocol = FitnessProtocol.FinishedMean }).ToJson())!;
        Assert.Equal("direct-es", (string?)direct["method"]);
        Assert.Equal("finished-mean", (string?)direct["fitness_protocol"]);
    }

    [Fact]
    public void Aliases_and_any_case_that_were_accepted_still_are()
    {
        HadesConfig Read(string key, string value)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(new HadesConfig().ToJson())!.AsObject();
            node[key] = value;
            return HadesConfig.FromJson(node.ToJsonString(), "config.json");
        }
        Assert.Equal(HadesMode.F, Read("mode", "hades-f").Mode);
        Assert.Equal(HadesMode.R, Read("mode", "r").Mode);
        Assert.Equal(HadesMethod.DirectEs, Read("method", "Direct-ES").Method);
        Assert.Equal(LabelMode.Learned, Read("labels", "LEARNED").Labels);
        Assert.Equal(ActionSelection.Greedy, Read("action_selection", "argmax").ActionSelection);
        Assert.Equal(ActionSelection.Sample, Read("action_selection", "sampled").ActionSelection);
        Assert.Equal(FitnessProtocol.FinishedMean, Read("fitness_protocol", "Finished-Mean").FitnessProtocol);
        Assert.Equal(PolicyInitKind.Orthogonal, Read("policy_init", "ORTHOGONAL").PolicyInit);
        Assert.Equal(Hades.Core.Es.StrategyKind.OpenAiEs, Read("strategy", "OpenES").Strategy);
        Assert.Equal(Hades.Core.Es.StrategyKind.Snes, Read("strategy", "SNES").Strategy);
    }

    [Theory]
    [InlineData("mode", "X", "unknown mode 'X' (expected R or F)")]
    [InlineData("labels", "soft", "unknown label mode 'soft' (expected fixed or learned)")]
    [InlineData("method", "ppo-es", "unknown method 'ppo-es' (expected hades or direct-es)")]
    [InlineData("action_selection", "eps", "unknown action selection 'eps' (expected greedy or sample)")]
    [InlineData("policy_init", "xavier", "unknown policy-init 'xavier' (expected normal or orthogonal)")]
    [InlineData("strategy", "cma", "unknown strategy 'cma' (expected openai-es or snes)")]
    [InlineData("fitness_protocol", "best", "unknown fitness-protocol 'best' (expected episode, last-finished or finished-mean)")]
    public void An_unknown_name_in_config_json_is_the_old_one_line_error_with_the_file(string key, string value, string message)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(new HadesConfig().ToJson())!.AsObject();
        node[key] = value;
        var e = Assert.Throws<HadesUserException>(() => HadesConfig.FromJson(node.ToJsonString(), "/runs/x/config.json"));
        Assert.Equal($"/runs/x/config.json: {message}", e.Message);
    }

    [Fact]
    public void A_number_where_a_name_belongs_is_a_one_line_config_error()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(new HadesConfig().ToJson())!.AsObject();
        node["mode"] = 1;
        var e = Assert.Throws<HadesUserException>(() => HadesConfig.FromJson(node.ToJsonString(), "config.json"));
        Assert.StartsWith("config.json: not a valid Hades config", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_run_dir_written_before_the_enums_is_matched_by_the_same_settings()
    {
        using var dir = new TempDir();
        string runDir = dir.Sub("run");
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, "config.json"), WrittenBeforeEnums);
        var run = new Hades.Core.Runs.RunDirectory(runDir);
        var config = run.ReadConfig();
        run.CreateOrMatch(config with { });
        Assert.Equal(WrittenBeforeEnums, File.ReadAllText(run.ConfigFile));
        Assert.Equal(ConfigHash.Of(WrittenBeforeEnums, "old", "generations"), ConfigHash.OfFile(run.ConfigFile, "generations"));
    }
}
