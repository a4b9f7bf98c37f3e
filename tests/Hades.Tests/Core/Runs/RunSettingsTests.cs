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
        Assert.Equal(new Dictionary<string, string> { ["iterations"] = "2" }, RunSettings.Read(dir.Path).Values);
        File.WriteAllText(Path.Combine(dir.Path, "config.json"), "[1]");
        Assert.Contains("not a settings object", Assert.Throws<Hades.Core.HadesUserException>(() => RunSettings.Read(dir.Path)).Message);
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
