using System.Text.Json.Nodes;
using Hades.Core.Baselines.Ppo;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Policies;
using Hades.Core.Runs;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Runs;

/// <summary>What defines a run's experiment for reports: its settings file without the seed and run-local fields.</summary>
public sealed class RunSettingsTests
{
    [Fact]
    public void The_seed_at_any_depth_and_run_local_fields_are_left_out_and_formatting_does_not_matter()
    {
        var a = RunSettings.Of("""{ "task": "cartpole", "seed": 0, "snapshot_every": 10, "max_batches_in_flight": 2, "hidden": [64, 64] }""", "a");
        var b = RunSettings.Of("""
            {
              "hidden": [ 64, 64 ],
              "max_batches_in_flight": 4,
              "seed": 7,
              "snapshot_every": 1,
              "task": "cartpole"
            }
            """, "b");
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(12, a.Hash.Length);
        Assert.Equal(new Dictionary<string, string> { ["hidden"] = "[64,64]", ["task"] = "cartpole" }, a.Values);

        var ppo0 = RunSettings.Of("""{ "ppo": { "task": "cartpole", "seed": 0, "envs": 4 }, "iterations": 5 }""", "p0");
        var ppo1 = RunSettings.Of("""{ "ppo": { "task": "cartpole", "seed": 1, "envs": 4 }, "iterations": 5 }""", "p1");
        Assert.Equal(ppo0.Hash, ppo1.Hash);
        Assert.Equal(["iterations", "ppo.envs", "ppo.task"], ppo0.Values.Keys);
        Assert.NotEqual(ppo0.Hash, RunSettings.Of("""{ "ppo": { "task": "cartpole", "seed": 0, "envs": 8 }, "iterations": 5 }""", "p2").Hash);
    }

    [Fact]
    public void A_run_dir_is_read_from_its_settings_file_and_one_without_any_has_none()
    {
        using var dir = new TempDir();
        Assert.Same(RunSettings.None, RunSettings.Read(dir.Path));
        File.WriteAllText(Path.Combine(dir.Path, "ppo.json"), """{ "ppo": { "seed": 3 }, "iterations": 2 }""");
        var read = RunSettings.Read(dir.Path).Values;
        Assert.Equal("2", read["iterations"]);
        Assert.Equal("cartpole", read["ppo.task"]);     // a field the file lacks reads as the code's default
        Assert.False(read.ContainsKey("ppo.seed"));
        File.WriteAllText(Path.Combine(dir.Path, "config.json"), "[1]");
        Assert.Contains("not a settings object", Assert.Throws<Hades.Core.HadesUserException>(() => RunSettings.Read(dir.Path)).Message);
    }

    static RunSettings Written(TempDir dir, string name, string file, string json)
    {
        Directory.CreateDirectory(dir.Sub(name));
        File.WriteAllText(Path.Combine(dir.Sub(name), file), json);
        return RunSettings.Read(dir.Sub(name));
    }

    static string Without(string json, params string[] keys)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        foreach (var key in keys) node.Remove(key);
        return node.ToJsonString();
    }

    /// <summary>Seeds written by builds that write different fields: a field one config.json lacks counts as the value the
    /// code gives it when it reads that file, so it splits no group unless the other run set it to something else.</summary>
    [Fact]
    public void A_field_a_settings_file_lacks_counts_as_the_codes_default_and_splits_nothing_unless_the_other_run_changed_it()
    {
        using var dir = new TempDir();
        var config = TestConfigs.Tiny(4);
        Assert.Equal(new HadesConfig().PolicyInit, config.PolicyInit);
        string full = config.ToJson(), older = Without(full, "policy_init", "eval_aggregate");
        var current = Written(dir, "current", "config.json", full);
        var old = Written(dir, "old", "config.json", older);
        var changed = Written(dir, "changed", "config.json", (config with { PolicyInit = PolicyInitKind.Orthogonal }).ToJson());

        Assert.Equal(current.Hash, old.Hash);
        Assert.Equal(current.Values, old.Values);
        Assert.NotEqual(current.Hash, changed.Hash);
        Assert.Equal(["policy_init=normal", "policy_init=orthogonal"], RunSettings.DifferingLabels([old, changed])); // not "policy_init=–"
        // the text alone (what reports compared before) made the older file another experiment
        Assert.NotEqual(RunSettings.Of(full, "current").Hash, RunSettings.Of(older, "old").Hash);

        // nested: ppo.json's PPO settings
        var ppo = new PpoRunFile(new PpoConfig { Task = "acrobot" }, Iterations: 3);
        var ppoNode = JsonNode.Parse(ppo.ToJson())!.AsObject();
        ppoNode["ppo"]!.AsObject().Remove("epochs");
        Assert.Equal(Written(dir, "ppo-current", "ppo.json", ppo.ToJson()).Hash, Written(dir, "ppo-old", "ppo.json", ppoNode.ToJsonString()).Hash);
        Assert.NotEqual(Written(dir, "ppo-current", "ppo.json", ppo.ToJson()).Hash,
            Written(dir, "ppo-changed", "ppo.json", (ppo with { Ppo = ppo.Ppo with { Epochs = 9 } }).ToJson()).Hash);
    }

    [Fact]
    public void Labels_name_only_the_settings_that_differ_preset_first()
    {
        var quick = RunSettings.Of("""{ "task": "cartpole", "preset": "quick", "policy_init": "normal", "sigma": 0.1 }""", "q");
        var paper = RunSettings.Of("""{ "task": "cartpole", "preset": "paper", "policy_init": "orthogonal", "sigma": 0.1 }""", "p");
        var older = RunSettings.Of("""{ "task": "cartpole", "preset": "quick", "sigma": 0.1 }""", "o");
        Assert.Equal(["preset=quick, policy_init=normal", "preset=paper, policy_init=orthogonal", "preset=quick, policy_init=–"],
            RunSettings.DifferingLabels([quick, paper, older]));
        Assert.Equal(["", ""], RunSettings.DifferingLabels([quick, quick]));
        Assert.Equal(["preset=quick, +1 more", "preset=paper, +1 more"], RunSettings.DifferingLabels([quick, paper], maxKeys: 1));
    }
}
