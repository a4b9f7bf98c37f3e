using Hades.Core.Runs;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Runs;

public sealed class ResultsReportTests
{
    [Fact]
    public void Groups_runs_by_task_and_method_with_n_and_mean_and_standard_error_over_seeds()
    {
        using var dir = new TempDir();
        void Run(string name, string method, ulong seed, double final) =>
            new RunSummary { Task = "cartpole", Method = method, Seed = seed, FinalEvalMean = final, Budget = "b", DistillSeconds = 10, EnvSteps = 1000 + 2 * (long)seed }
                .Save(Path.Combine(Directory.CreateDirectory(dir.Sub(Path.Combine("campaign", name))).FullName, "summary.json"));
        Run("r0", "HaDES-R", 0, 490); Run("r1", "HaDES-R", 1, 500); Run("d0", "direct ES", 0, 200);
        new RunSummary { Task = "cartpole", Method = "HaDES-R", Seed = 0, FinalEvalMean = 100, Budget = "longer", DistillSeconds = 99 }
            .Save(Path.Combine(Directory.CreateDirectory(dir.Sub(Path.Combine("campaign", "long"))).FullName, "summary.json"));
        Directory.CreateDirectory(dir.Sub(Path.Combine("campaign", "unfinished")));

        var entries = ResultsReport.Collect([dir.Sub("campaign")]);
        Assert.Equal(4, entries.Count);
        var md = ResultsReport.Markdown(entries, "T");
        // sd 7.07 over 2 seeds → standard error 5.0; single seeds print no error bar at all
        Assert.Contains("| cartpole | HaDES-R | 495.0 ± 5.0 (n = 2) | 0, 1 | b | 1,001 | 10 s |", md);
        Assert.Contains("| cartpole | direct ES | 200.0 (n = 1) | 0 | b | 1,000 | 10 s |", md);
        Assert.Contains("| cartpole | HaDES-R | 100.0 (n = 1) | 0 | longer | 0 | 99 s |", md); // another budget, another row
        Assert.DoesNotContain("± 0.0", md);
        var csv = ResultsReport.Csv(entries).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, csv.Length);
        Assert.Contains(csv, line => line.StartsWith("cartpole,HaDES-R,1,500,0,0,0,1002,10,"));
    }

    static void Finished(string runDir, string settingsFile, string settings, ulong seed, double final, string budget = "20 generations")
    {
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, settingsFile), settings);
        new RunSummary { Task = "cartpole", Method = "HaDES-R", Seed = seed, FinalEvalMean = final, Budget = budget, DistillSeconds = 10 }
            .Save(Path.Combine(runDir, "summary.json"));
    }

    static string Config(ulong seed, string preset, string policyInit, int snapshotEvery = 10, string learners = "") =>
        $$"""{ "task": "cartpole", "method": "hades", "seed": {{seed}}, "preset": "{{preset}}", "policy_init": "{{policyInit}}", "snapshot_every": {{snapshotEvery}}, "learners": "{{learners}}" }""";

    [Fact]
    public void Seeds_whose_config_json_was_written_by_builds_with_different_fields_stay_one_row_when_the_missing_field_is_the_default()
    {
        using var dir = new TempDir();
        string full = Hades.Tests.Support.TestConfigs.Tiny(4).ToJson();
        var older = System.Text.Json.Nodes.JsonNode.Parse(full)!.AsObject();
        older.Remove("policy_init"); // an older build did not write it; reading the file gives the default, as the newer run has
        older["seed"] = 1;
        Finished(dir.Sub("seed0"), "config.json", full, 0, 490);
        Finished(dir.Sub("seed1"), "config.json", older.ToJsonString(), 1, 500);

        var row = Assert.Single(ResultsReport.Rows(ResultsReport.Collect([dir.Path])));
        Assert.Equal(2, row.Runs.Count);
        Assert.DoesNotContain("=–", ResultsReport.Markdown(ResultsReport.Collect([dir.Path]), "T"));
    }

    [Fact]
    public void Runs_with_the_same_budget_text_but_other_settings_are_two_rows_and_seeds_of_the_same_settings_are_one()
    {
        using var dir = new TempDir();
        // the quick and paper CartPole HaDES-R runs share task, method and budget text; they differ in their settings
        Finished(dir.Sub("classic/cartpole-r-seed0"), "config.json", Config(0, "quick", "normal"), 0, 490);
        Finished(dir.Sub("classic/cartpole-r-seed1"), "config.json", Config(1, "quick", "normal", snapshotEvery: 5), 1, 500);
        Finished(dir.Sub("paper/cartpole-paper-seed0"), "config.json", Config(0, "paper", "orthogonal"), 0, 499);

        var entries = ResultsReport.Collect([dir.Sub("classic"), dir.Sub("paper")]);
        var rows = ResultsReport.Rows(entries);
        Assert.Equal(2, rows.Count);
        Assert.Equal([2, 1], rows.OrderByDescending(r => r.Runs.Count).Select(r => r.Runs.Count));
        var md = ResultsReport.Markdown(entries, "T");
        Assert.Contains("| cartpole | HaDES-R (preset=quick, policy_init=normal) | 495.0 ± 5.0 (n = 2) | 0, 1 | 20 generations |", md);
        Assert.Contains("| cartpole | HaDES-R (preset=paper, policy_init=orthogonal) | 499.0 (n = 1) | 0 | 20 generations |", md);
        Assert.Contains("the method cell names the settings in which they differ", md);

        var csv = ResultsReport.Csv(entries).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int column = Array.IndexOf(csv[0].Split(','), "settings");
        var hashes = csv.Skip(1).Select(l => l.Replace("\"20 generations\"", "b").Split(',')[column]).ToList();
        Assert.Equal(hashes[0], hashes[1]);
        Assert.NotEqual(hashes[0], hashes[2]);
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{12}$", h));
    }

    [Fact]
    public void Seeds_of_one_ppo_experiment_stay_one_row_and_a_label_with_a_bar_keeps_the_markdown_cell_whole()
    {
        using var dir = new TempDir();
        Finished(dir.Sub("ppo0"), "ppo.json", """{ "ppo": { "task": "cartpole", "seed": 0, "envs": 4 }, "iterations": 9 }""", 0, 500, "9 iterations");
        Finished(dir.Sub("ppo1"), "ppo.json", """{ "ppo": { "task": "cartpole", "seed": 1, "envs": 4 }, "iterations": 9 }""", 1, 498, "9 iterations");
        Finished(dir.Sub("robust"), "config.json", Config(0, "quick", "normal", learners: "hidden=64|64x64"), 0, 480);
        Finished(dir.Sub("plain"), "config.json", Config(0, "quick", "normal"), 0, 470);

        var md = ResultsReport.Markdown(ResultsReport.Collect([dir.Path]), "T");
        Assert.Contains("| cartpole | HaDES-R | 499.0 ± 1.0 (n = 2) | 0, 1 | 9 iterations |", md); // no label: nothing to tell apart
        Assert.Contains("| cartpole | HaDES-R (learners=hidden=64\\|64x64) | 480.0 (n = 1) |", md);
        Assert.Contains("| cartpole | HaDES-R (learners=(empty)) | 470.0 (n = 1) |", md);
        Assert.All(md.Split('\n').Where(l => l.StartsWith("| cartpole")), l => Assert.Equal(8, l.Replace("\\|", "").Count(c => c == '|')));
    }

    [Theory]
    [InlineData(new[] { 0.46, 0.36, 0.45 }, "0.42 ± 0.03 (n = 3)")] // MinAtar-scale returns: one decimal printed "0.4 ± 0.0"
    [InlineData(new[] { 3.0, 1.0, 2.0 }, "2.0 ± 0.6 (n = 3)")]
    [InlineData(new[] { 500.0, 500.0, 497.67 }, "499.2 ± 0.8 (n = 3)")]
    [InlineData(new[] { -84.07, -81.58, -83.72 }, "-83.1 ± 0.8 (n = 3)")]
    [InlineData(new[] { 500.0, 500.0 }, "500.0 ± 0.0 (n = 2)")]
    [InlineData(new[] { 0.35 }, "0.35 (n = 1)")]
    [InlineData(new[] { 0.0012345 }, "0.0012 (n = 1)")]
    [InlineData(new[] { -348.4 }, "-348.4 (n = 1)")]
    public void The_error_keeps_its_first_significant_digit(double[] values, string expected) =>
        Assert.Equal(expected, ResultsReport.MeanWithError(values));

    [Fact]
    public void Csv_carries_the_measured_training_images_read_of_image_distillations_and_leaves_it_empty_elsewhere()
    {
        using var dir = new TempDir();
        void Run(string name, string task, long? read) =>
            new RunSummary { Task = task, Method = "m", Seed = 0, FinalEvalMean = 1, Budget = "b", TrainingImagesRead = read }
                .Save(Path.Combine(Directory.CreateDirectory(dir.Sub(name)).FullName, "summary.json"));
        Run("a-gas", "fashion-mnist", 0); Run("b-kd", "fashion-mnist", 1536); Run("c-policy", "cartpole", null);
        var csv = ResultsReport.Csv(ResultsReport.Collect([dir.Path])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int column = Array.IndexOf(csv[0].Split(','), "training_images_read");
        Assert.True(column >= 0, csv[0]);
        Assert.Equal(["0", "1536", ""], csv.Skip(1).Select(line => line.Replace("\"b\"", "b").Split(',')[column]));
    }

    [Fact]
    public void A_missing_folder_or_a_broken_summary_is_a_user_error()
    {
        using var dir = new TempDir();
        Assert.Throws<Hades.Core.HadesUserException>(() => ResultsReport.Collect([dir.Sub("nope")]));
        File.WriteAllText(Path.Combine(dir.Path, "summary.json"), "{ not json");
        Assert.Throws<Hades.Core.HadesUserException>(() => ResultsReport.Collect([dir.Path]));
    }
}
