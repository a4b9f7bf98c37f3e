using Hades.Core.Datasets;
using Hades.Core.Envs.MinAtar;
using Hades.Core.Rendering;
using Hades.Tests.Core.Envs.MinAtar;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Rendering;

public sealed class MinAtarPictureTests
{
    const int Cell = 24, Margin = 10;

    static Rgb PixelAt(Picture canvas, int x, int y) => canvas.GetPixel(x, y);

    /// <summary>The centre pixel of grid cell (row, col) in a picture drawn without a title.</summary>
    static Rgb CellPixel(Picture canvas, int row, int col) =>
        PixelAt(canvas, Margin + col * Cell + Cell / 2, Margin + row * Cell + Cell / 2);

    [Theory]
    [MemberData(nameof(MinAtarCommonTests.Games), MemberType = typeof(MinAtarCommonTests))]
    public void Observation_IsDrawnWithOneSolidColourPerChannel_AndWhiteEmptyCells(string game)
    {
        var r = MinAtarRunner.Create(game, 1);
        r.Reset(3);
        for (int step = 0; step < 12; step++) { r.RandomActions(2, step); r.Step(); }
        var names = MinAtarTasks.ChannelNames(game)!;
        using var canvas = MinAtarPicture.Draw(r.ObservationOf(0), names);
        var image = PngReader.Read(canvas.EncodePng());
        Assert.Equal(canvas.Width, image.Width);
        Assert.True(canvas.Width >= Margin + 10 * Cell + Margin + names.Max(n => Picture.TextWidth(n, MinAtarPicture.LegendTextSize)));
        Assert.True(canvas.Height >= 10 * Cell + 2 * Margin);
        for (int row = 0; row < 10; row++)
            for (int col = 0; col < 10; col++)
            {
                var on = Enumerable.Range(0, names.Count).Where(ch => r.Has(0, row, col, ch)).ToList();
                var pixel = image.Pixel(Margin + col * Cell + Cell / 2, Margin + row * Cell + Cell / 2);
                if (on.Count == 0) Assert.Equal(Rgb.White, pixel);
                else if (on.Count == 1) Assert.Equal(MinAtarPicture.ChannelColour(on[0]), pixel);
                else Assert.NotEqual(Rgb.White, pixel);
            }
    }

    [Fact]
    public void ContinuousValues_ShowAsIntensity_AndOverlapsMixColours()
    {
        var state = new float[100 * 4];
        state[(0 * 10 + 0) * 4 + 1] = 0.5f;                   // half-strength channel 1
        state[(0 * 10 + 1) * 4 + 1] = 1f;                     // full channel 1
        state[(0 * 10 + 2) * 4 + 0] = 1f;                     // channels 0 and 2 at full strength
        state[(0 * 10 + 2) * 4 + 2] = 1f;
        state[(0 * 10 + 3) * 4 + 3] = 7f;                     // clamped to 1
        state[(0 * 10 + 4) * 4 + 3] = -2f;                    // clamped to 0
        state[(0 * 10 + 5) * 4 + 3] = float.NaN;              // treated as 0
        using var canvas = MinAtarPicture.Draw(state, Breakout.ChannelNames);
        var c0 = MinAtarPicture.ChannelColour(0);
        var c1 = MinAtarPicture.ChannelColour(1);
        var c2 = MinAtarPicture.ChannelColour(2);
        var c3 = MinAtarPicture.ChannelColour(3);

        var half = CellPixel(canvas, 0, 0);
        Assert.Equal((byte)Math.Round(255 - 0.5 * (255 - c1.R)), half.R);
        Assert.Equal((byte)Math.Round(255 - 0.5 * (255 - c1.G)), half.G);
        Assert.Equal((byte)Math.Round(255 - 0.5 * (255 - c1.B)), half.B);
        Assert.Equal(c1, CellPixel(canvas, 0, 1));
        var mix = CellPixel(canvas, 0, 2);
        Assert.Equal((byte)Math.Round((c0.R + c2.R) / 2.0), mix.R);
        Assert.Equal((byte)Math.Round((c0.G + c2.G) / 2.0), mix.G);
        Assert.Equal((byte)Math.Round((c0.B + c2.B) / 2.0), mix.B);
        Assert.Equal(c3, CellPixel(canvas, 0, 3));
        Assert.Equal(Rgb.White, CellPixel(canvas, 0, 4));
        Assert.Equal(Rgb.White, CellPixel(canvas, 0, 5));
    }

    [Fact]
    public void Legend_ShowsEachChannelColour()
    {
        var names = Seaquest.ChannelNames;
        using var canvas = MinAtarPicture.Draw(new float[100 * names.Count], names, title: "seaquest");
        var legendX = Margin + 10 * Cell + Margin;
        var found = new HashSet<Rgb>();
        for (int y = 0; y < canvas.Height; y++) found.Add(PixelAt(canvas, legendX + 2, y));
        for (int c = 0; c < names.Count; c++) Assert.Contains(MinAtarPicture.ChannelColour(c), found);
    }

    [Fact]
    public void MismatchedStateAndChannelNames_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => MinAtarPicture.Draw(new float[399], Breakout.ChannelNames));
        Assert.Throws<ArgumentException>(() => MinAtarPicture.Draw(new float[600], Breakout.ChannelNames));
        Assert.Throws<ArgumentException>(() => MinAtarPicture.Draw(new float[0], []));
    }

    [Fact]
    public void DatasetPicture_DrawsMinAtarStatesAsGrids()
    {
        var layout = new DatasetLayout(4, 400, 3, LabelMode.Fixed);
        var parameters = new float[layout.Dimension];
        for (int pair = 0; pair < 4; pair++) parameters[pair * 400 + (pair * 10 + pair) * 4 + 1] = 1f;   // a ball on the diagonal
        var dataset = layout.ToDataset("breakout", parameters);
        using var canvas = DatasetPicture.Draw(dataset);
        var image = PngReader.Read(canvas.EncodePng());
        Assert.Equal(4 * DatasetPicture.PanelWidth, image.Width);
        var ball = MinAtarPicture.ChannelColour(1);
        for (int pair = 0; pair < 4; pair++)
        {
            // Panel origin (pair·200, title); grid at (+6, +22) with 11-pixel cells; the ball sits in cell (pair, pair).
            int x = pair * DatasetPicture.PanelWidth + 6 + pair * 11 + 5, y = DatasetPicture.TitleHeight + 22 + pair * 11 + 5;
            Assert.Equal(ball, image.Pixel(x, y));
            Assert.Equal(Rgb.White, image.Pixel(x + 11, y));
        }
    }
}
