using Hades.Core.Datasets;
using Hades.Core.Rendering;
using Hades.Core.Runs;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Rendering;

public class PictureTests
{
    [Theory]
    [InlineData("cartpole", 4, 2)]
    [InlineData("cartpole", 5, 2)]
    [InlineData("acrobot", 6, 3)]
    [InlineData("somethingelse", 3, 2)]
    public void Dataset_pictures_are_valid_pngs_with_one_panel_per_pair(string task, int pairs, int actions)
    {
        int obs = task == "acrobot" ? 6 : 4;
        var layout = new DatasetLayout(pairs, obs, actions, LabelMode.Fixed);
        var dataset = layout.ToDataset(task, Enumerable.Range(0, layout.Dimension).Select(i => (float)Math.Sin(i)).ToArray());
        var image = PngReader.Read(PngWriter.Encode(DatasetPicture.Draw(dataset)));
        int columns = Math.Min(4, pairs), rows = (pairs + columns - 1) / columns;
        Assert.Equal(columns * DatasetPicture.PanelWidth, image.Width);
        Assert.Equal(rows * DatasetPicture.PanelHeight + 20, image.Height);
        Assert.Contains(image.Rows, b => b != 255); // something was drawn
    }

    [Fact]
    public void Fitness_plot_is_a_valid_png_of_the_documented_size()
    {
        var history = Enumerable.Range(0, 5).Select(g => new GenerationRecord(g, g * 10, g * 20, g * 15, 0.1)).ToList();
        var image = PngReader.Read(PngWriter.Encode(FitnessPlot.Draw(history, "test")));
        Assert.Equal(FitnessPlot.Width, image.Width);
        Assert.Equal(FitnessPlot.Height, image.Height);
    }

    [Fact]
    public void Pixels_survive_encoding()
    {
        var canvas = new Canvas(3, 2, Rgb.White);
        canvas.Set(1, 1, new Rgb(10, 20, 30));
        var image = PngReader.Read(PngWriter.Encode(canvas));
        int row1 = 1 * (1 + 3 * 3);
        Assert.Equal(0, image.Rows[row1]); // filter byte
        Assert.Equal(new byte[] { 10, 20, 30 }, image.Rows[(row1 + 1 + 3)..(row1 + 1 + 6)]);
    }
}
