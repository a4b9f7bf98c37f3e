using Hades.Core.Rendering;
using Hades.Core.Runs;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Rendering;

public class FitnessPlotTests
{
    /// <summary>The values that gave the old plot its 19.8 / 139.9 / 259.9 ticks.</summary>
    static List<GenerationRecord> History(int generations = 12, double offset = 0) =>
        Enumerable.Range(0, generations).Select(g => new GenerationRecord(g, 19.8 + offset + g * 17.3, 40.1 + offset + g * 20.9, 25 + offset + g * 19.7, 0.1)).ToList();

    static bool IsNiceStep(double step)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(step)));
        double mantissa = step / magnitude;
        return new[] { 1, 2, 2.5, 5, 10 }.Any(m => Math.Abs(mantissa - m) < 1e-6);
    }

    [Fact]
    public void Png_has_the_documented_size_and_decodes()
    {
        var image = PngReader.Read(FitnessPlot.Png(History(), "test"));
        Assert.Equal((FitnessPlot.Width, FitnessPlot.Height), (image.Width, image.Height));
        Assert.Contains(Enumerable.Range(0, image.Width * image.Height), i => image.Pixel(i % image.Width, i / image.Width) == Rgb.Orange);
    }

    [Fact]
    public void Ticks_are_round_numbers_and_generations_are_integers()
    {
        var plot = FitnessPlot.Create(History(), "test");
        PlotStyle.Png(plot, FitnessPlot.Width, FitnessPlot.Height);   // ticks are generated while rendering
        var y = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).Order().ToArray();
        Assert.True(y.Length >= 3, $"{y.Length} y ticks");
        double step = y[1] - y[0];
        Assert.True(IsNiceStep(step), $"y tick step {step}");
        Assert.All(y, v => Assert.Equal(0, Math.Abs(Math.IEEERemainder(v, step)), 6));
        var x = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).ToArray();
        Assert.NotEmpty(x);
        Assert.All(x, v => Assert.Equal(Math.Round(v), v, 9));
    }

    [Fact]
    public void Svg_has_axis_titles_and_a_legend_entry_per_curve()
    {
        string svg = PlotStyle.Svg(FitnessPlot.Create(History(), "cartpole: fitness"), FitnessPlot.Width, FitnessPlot.Height);
        Assert.Contains("<svg", svg);
        foreach (var text in new[] { "cartpole: fitness", "generation", "return / fitness", "mean fitness (population)", "max fitness (population)", "eval return (current dataset)" })
            Assert.Contains(text, svg);
    }

    [Fact]
    public void Legend_lies_outside_the_data_area()
    {
        var plot = FitnessPlot.Create(History(), "test");
        PlotStyle.Png(plot, FitnessPlot.Width, FitnessPlot.Height);
        var data = plot.LastRender.DataRect;
        Assert.True(data.Bottom < FitnessPlot.Height - 60, $"data area reaches y = {data.Bottom}: no room below it for the legend");
        Assert.Contains(plot.Axes.GetPanels(), p => p is ScottPlot.Panels.LegendPanel);
    }

    [Fact]
    public void Save_writes_png_and_svg()
    {
        using var dir = new TempDir();
        string png = Path.Combine(dir.Path, "fitness.png"), svg = Path.Combine(dir.Path, "fitness.svg");
        FitnessPlot.Save(History(3), "t", png, svg);
        PngReader.Read(File.ReadAllBytes(png));
        Assert.Contains("generation", File.ReadAllText(svg));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Empty_and_single_generation_histories_still_draw()
    {
        PngReader.Read(FitnessPlot.Png([], "empty"));
        PngReader.Read(FitnessPlot.Png(History(1), "one"));
        PngReader.Read(FitnessPlot.Png([new GenerationRecord(0, 1, 2, double.NaN, 0)], "no eval"));
    }

    [Fact]
    public void Seed_bands_are_mean_and_sample_sd_over_the_seeds_that_reached_each_generation()
    {
        var band = SeedBand.Of([[1, 2, 3], [3, 4], [5, 6, double.NaN]]);
        Assert.Equal(new double[] { 0, 1, 2 }, band.X);
        Assert.Equal(new[] { 3, 3, 1 }, band.Count);
        Assert.Equal(new double[] { 3, 4, 3 }, band.Mean);
        Assert.Equal(3 - 2, band.Lower[0], 9);   // sd of {1, 3, 5} = 2
        Assert.Equal(4 + 2, band.Upper[1], 9);
        Assert.Equal(band.Mean[2], band.Upper[2]); // one seed: no spread
    }

    [Fact]
    public void Seed_groups_draw_one_band_per_group_with_its_seed_count()
    {
        var a = new SeedGroup("size 4", [History(), History(offset: 10), History(10, offset: -5)]);
        var b = new SeedGroup("size 16", [History(offset: 40), History(offset: 60)]);
        var band = a.Band(FitnessMetric.EvalReturn);
        Assert.Equal(12, band.X.Length);
        Assert.Equal(new[] { 3, 2 }, new[] { band.Count[0], band.Count[11] });
        Assert.Equal((25 + 35 + 20) / 3.0, band.Mean[0], 9);
        var plot = FitnessPlot.CreateSeedBands([a, b], FitnessMetric.EvalReturn, "campaign");
        Assert.Equal(2, plot.GetPlottables().OfType<ScottPlot.Plottables.FillY>().Count());
        string svg = PlotStyle.Svg(plot, FitnessPlot.Width, FitnessPlot.Height);
        Assert.Contains("size 4 (n=3)", svg);
        Assert.Contains("size 16 (n=2)", svg);
        Assert.Contains("eval return (mean ± sd over seeds)", svg);
        PngReader.Read(PlotStyle.Png(plot, FitnessPlot.Width, FitnessPlot.Height));
    }

    [Fact]
    public void Heat_map_labels_cells_and_axes_and_has_a_colour_bar()
    {
        var values = new double[,] { { 10, 20.5, 30 }, { 40, double.NaN, 60 } };
        var plot = HeatMapPlot.Create(values, ["1", "2"], ["16", "64", "256"], "cartpole: generalisation", "depth", "width", "mean return");
        Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>());
        Assert.Contains(plot.Axes.GetPanels(), p => p is ScottPlot.Panels.ColorBar);
        string svg = PlotStyle.Svg(plot, HeatMapPlot.Width, HeatMapPlot.Height);
        foreach (var text in new[] { "cartpole: generalisation", "depth", "width", "mean return", "20.5", "256" }) Assert.Contains(text, svg);
        var image = PngReader.Read(PlotStyle.Png(plot, HeatMapPlot.Width, HeatMapPlot.Height));
        Assert.Equal((HeatMapPlot.Width, HeatMapPlot.Height), (image.Width, image.Height));
        // Row 0 is drawn on top: its lowest value (10) has the colour scale's bottom colour, the highest cell (60, row 1)
        // the top colour, and the missing cell is left blank.
        var scale = new ScottPlot.Colormaps.Viridis();
        void AssertCell(int row, int column, ScottPlot.Color expected)
        {
            var centre = plot.GetPixel(new ScottPlot.Coordinates(column + 0.3, values.GetLength(0) - 1 - row + 0.3));
            var actual = image.Pixel((int)centre.X, (int)centre.Y);
            Assert.True(Math.Abs(actual.R - expected.R) + Math.Abs(actual.G - expected.G) + Math.Abs(actual.B - expected.B) <= 9,
                $"cell ({row}, {column}): {actual}, expected {expected}");
        }
        AssertCell(0, 0, scale.GetColor(0));
        AssertCell(1, 2, scale.GetColor(1));
        AssertCell(1, 1, ScottPlot.Colors.White);
        // Labels contrast with their cell: black on the bright top of the scale, white on its dark bottom.
        int Darkest(int row, int column) => Region(row, column).Min(p => p.R + p.G + p.B);
        int Brightest(int row, int column) => Region(row, column).Max(p => p.R + p.G + p.B);
        IEnumerable<Rgb> Region(int row, int column)
        {
            var centre = plot.GetPixel(new ScottPlot.Coordinates(column, values.GetLength(0) - 1 - row));
            for (int dy = -8; dy <= 8; dy++)
                for (int dx = -15; dx <= 15; dx++) yield return image.Pixel((int)centre.X + dx, (int)centre.Y + dy);
        }
        Assert.True(Darkest(1, 2) < 100, $"label on the top colour: darkest {Darkest(1, 2)}");
        Assert.True(Brightest(0, 0) > 700, $"label on the bottom colour: brightest {Brightest(0, 0)}");
    }
}
