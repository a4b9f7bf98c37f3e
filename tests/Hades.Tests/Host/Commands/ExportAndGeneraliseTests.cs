using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>Runs write pictures and .npz every generation; export and generalise work on finished runs.</summary>
public sealed class ExportAndGeneraliseTests(FinishedRunFixture finished) : IClassFixture<FinishedRunFixture>
{
    [Fact]
    public void A_run_writes_valid_pictures_and_an_npz()
    {
        var dataset = PngReader.Read(File.ReadAllBytes(Path.Combine(finished.RunDir, "dataset.png")));
        Assert.Equal(2 * 200, dataset.Width);   // 2 pairs side by side
        var fitness = PngReader.Read(File.ReadAllBytes(Path.Combine(finished.RunDir, "fitness.png")));
        Assert.Equal((640, 400), (fitness.Width, fitness.Height));
        var arrays = Hades.Core.Datasets.Npz.Read(Path.Combine(finished.RunDir, "dataset.npz"));
        Assert.Equal([2, 4], arrays["states"].Shape);
    }

    [Fact]
    public void Export_writes_npz_and_png_for_a_bare_dataset_file()
    {
        using var scratch = new TempDir();
        File.Copy(Path.Combine(finished.RunDir, "dataset.json"), scratch.Sub("dataset.json"));
        var r = HadesProcess.Run("export", scratch.Sub("dataset.json"), "--out", scratch.Sub("out"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal([2], Hades.Core.Datasets.Npz.Read(scratch.Sub("out/dataset.npz"))["labels"].Shape);
        PngReader.Read(File.ReadAllBytes(scratch.Sub("out/dataset.png")));
    }

    [Fact]
    [Trait("Category", "slow")]
    public void Generalise_writes_a_table_and_a_heat_map()
    {
        using var scratch = new TempDir();
        string run = finished.Copy(scratch);
        var r = HadesProcess.Run("generalise", run, "--episodes", "2", "--widths", "8,16", "--depths", "1,2",
            "--activations", "relu,tanh", "--lrs", "0.01", "--steps", "5,10");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = File.ReadAllLines(Path.Combine(run, "generalisation.csv"));
        Assert.Equal("factor,hidden,activation,inner_lr,inner_steps,episodes,mean_return,std_return", rows[0]);
        // the run trains hidden 8, relu, lr 0.03, 5 steps: 2 widths × 2 depths, then each factor's other values
        Assert.Equal(["shape,8,", "shape,16,", "shape,8x8,", "shape,16x16,"], rows[1..5].Select(l => string.Join(',', l.Split(',')[..2]) + ","));
        Assert.StartsWith("activation,8,tanh,0.03,5,2,", rows[5]);
        Assert.StartsWith("lr,8,relu,0.01,5,2,", rows[6]);
        Assert.StartsWith("steps,8,relu,0.03,10,2,", rows[7]);
        Assert.Equal(8, rows.Length);
        PngReader.Read(File.ReadAllBytes(Path.Combine(run, "generalisation.png")));
    }

    [Fact]
    public void A_finished_run_records_its_generalisation_score()
    {
        var summary = Hades.Core.Runs.RunSummary.Load(Path.Combine(finished.RunDir, "summary.json"))!;
        Assert.Equal(120, summary.GeneralisationPairs);               // 40 learners of the standard grid × 3 inits
        Assert.InRange(summary.GeneralisationScore!.Value, 0, 1);
        Assert.Equal(0, summary.GeneralisationScore.Value * 120 % 1, 6); // a count of pairs
        Assert.Contains("**Generalisation score**", File.ReadAllText(Path.Combine(finished.RunDir, "report.md")));
    }

    [Fact]
    public void Generalise_prints_the_score_of_a_grid_and_its_families()
    {
        using var scratch = new TempDir();
        string run = finished.Copy(scratch);
        var r = HadesProcess.Run("generalise", run, "--score-only", "--grid", "hidden=8|16;activation=relu|tanh", "--grid-inits", "2", "--threshold", "20");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var line = r.Stdout.Split('\n').Single(l => l.StartsWith("generalisation score: "));
        Assert.Contains("/8 (learner, init) pairs of 4 learners reach 20", line);
        var rows = File.ReadAllLines(Path.Combine(run, "generalisation-score.csv"));
        Assert.Equal("hidden,activation,inner_lr,inner_steps,inits,solved,mean_return", rows[0]);
        Assert.Equal(5, rows.Length);
        int solved = rows[1..].Sum(l => int.Parse(l.Split(',')[5]));
        Assert.Contains($"({solved}/8 ", line);
        Assert.Contains("  activation   tanh", r.Stdout);
        Assert.False(File.Exists(Path.Combine(run, "generalisation.png")), "--score-only still drew the heat map");
        var bad = HadesProcess.Run("generalise", run, "--score-only", "--grid", "depth=3");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.StartsWith("hades: error:", bad.Stderr.Trim());
    }

    [Fact]
    public void The_score_of_a_task_without_a_threshold_needs_one_and_uses_the_one_given()
    {
        using var scratch = new TempDir();
        string run = scratch.Sub("breakout");
        var made = HadesProcess.Run("run", "--task", "breakout", "--mode", "R", "--population", "4", "--generations", "1",
            "--hidden", "8", "--inner-steps", "3", "--eval-policies", "1", "--final-eval-episodes", "0", "--run-dir", run, "--quiet");
        Assert.True(made.ExitCode == 0, made.Stderr);
        var refused = HadesProcess.Run("generalise", run, "--score-only");
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("hades: error: --score-only: task 'breakout' has no solved threshold", refused.Stderr.Trim());
        var scored = HadesProcess.Run("generalise", run, "--score-only", "--grid", "hidden=8|16", "--grid-inits", "2", "--threshold", "0");
        Assert.True(scored.ExitCode == 0, scored.Stderr);
        // every episode scores ≥ 0, so with threshold 0 every pair counts as solved
        Assert.StartsWith("generalisation score: 1.000 (4/4 (learner, init) pairs of 2 learners reach 0)",
            scored.Stdout.Split('\n').Single(l => l.StartsWith("generalisation score: ")));
        var nan = HadesProcess.Run("generalise", run, "--score-only", "--threshold", "NaN");
        Assert.Equal(2, nan.ExitCode);
    }
}
