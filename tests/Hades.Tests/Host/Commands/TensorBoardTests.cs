using System.Globalization;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

public sealed class TensorBoardTests(FinishedRunFixture finished) : IClassFixture<FinishedRunFixture>
{
    [Fact]
    public void A_run_writes_an_event_file_whose_scalars_match_metrics_csv()
    {
        var (version, scalars) = TfEventsReader.Read(File.ReadAllBytes(Path.Combine(finished.RunDir, "tensorboard", "events.out.tfevents.0.hades")));
        Assert.Equal("brain.Event:2", version);
        var metrics = File.ReadAllLines(Path.Combine(finished.RunDir, "metrics.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(metrics.Length * 4, scalars.Count);
        foreach (var row in metrics)
        {
            long step = long.Parse(row[0], CultureInfo.InvariantCulture);
            Assert.Equal(double.Parse(row[1], CultureInfo.InvariantCulture), scalars.Single(s => s.Tag == "fitness/mean" && s.Step == step).Value, 3);
            Assert.Equal(double.Parse(row[3], CultureInfo.InvariantCulture), scalars.Single(s => s.Tag == "eval_return" && s.Step == step).Value, 3);
        }
    }

    /// <summary>The dataset picture is drawn at most every few seconds while a run runs (LiveRunOutputs) and always for
    /// its last generation, so the image events hold increasing generations, ending with the last one, whose
    /// picture is dataset.png.</summary>
    [Fact]
    public void The_dataset_picture_goes_to_the_image_events_when_drawn_and_always_for_the_last_generation()
    {
        var images = TfEventsReader.ReadImages(File.ReadAllBytes(Path.Combine(finished.RunDir, "tensorboard", "events.out.tfevents.1.hades-images")));
        int generations = File.ReadAllLines(Path.Combine(finished.RunDir, "metrics.csv")).Length - 1;
        var steps = images.Select(i => i.Step).ToArray();
        Assert.Equal(steps.Distinct().Order(), steps);
        Assert.All(steps, s => Assert.InRange(s, 0, generations - 1));
        Assert.Equal(generations - 1, steps[^1]);
        var last = images.Last();
        Assert.Equal("dataset", last.Tag);
        Assert.Equal(File.ReadAllBytes(Path.Combine(finished.RunDir, "dataset.png")), last.Encoded);
        var png = PngReader.Read(last.Encoded);
        Assert.Equal((png.Width, png.Height), (last.Width, last.Height));
    }
}
