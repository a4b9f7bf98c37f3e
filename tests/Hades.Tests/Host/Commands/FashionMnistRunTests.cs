using Hades.Tests.Support;

using Hades.Tests.Core.Vision;

namespace Hades.Tests.Host.Commands;

/// <summary>`hades run --task fashion-mnist` end to end on the Debian files (skipped when the package is absent).</summary>
public sealed class FashionMnistRunTests : IDisposable
{
    readonly TempDir dir = new();

    [FashionMnistFact]
    [Trait("Category", "slow")]
    public void Distils_images_with_progress_outputs_and_a_test_split_score()
    {
        string runDir = dir.Sub("fm");
        var result = HadesProcess.Run("run", "--task", "fashion-mnist", "--generations", "2", "--population", "4", "--inner-steps", "5",
            "--selection-images", "200", "--eval-policies", "1", "--batch-size", "4", "--run-dir", runDir, "--final-eval-episodes", "2");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("gen    2/2", result.Stdout);
        Assert.Contains("test accuracy", result.Stdout);
        foreach (var file in new[] { "dataset.json", "dataset.png", "evolution.gif", "evolution/gen-0000.png", "summary.json", "report.md" })
            Assert.True(File.Exists(Path.Combine(runDir, file)), $"{file} missing");
        var summary = Hades.Core.Runs.RunSummary.Load(Path.Combine(runDir, "summary.json"))!;
        Assert.Equal(2, summary.FinalEvalEpisodes);
        Assert.InRange(summary.FinalEvalMean, 20, 100); // percent; even 5 SGD steps on class means beat chance (10%)
        var png = PngReader.Read(File.ReadAllBytes(Path.Combine(runDir, "dataset.png")));
        Assert.True(png.Height > 10 * 28, "one row of 28-pixel images per class");

        var generalise = HadesProcess.Run("generalise", runDir, "--episodes", "1", "--steps", "3");
        Assert.True(generalise.ExitCode == 0, generalise.Stderr);
        var table = File.ReadAllText(Path.Combine(runDir, "generalisation.md"));
        foreach (var name in new[] { "cnn", "cnn-wide", "cnn-deep", "mlp", "lenet5", "class means", "random real" }) Assert.Contains(name, table);
    }

    public void Dispose() => dir.Dispose();
}
