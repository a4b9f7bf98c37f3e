namespace Hades.Core.Rendering;

/// <summary>
/// Draws a flat 10×10×C MinAtar-style state (index <c>(row·10 + col)·C + channel</c>) as a 10×10 grid: each
/// channel has its own colour, and a cell shows the colours of its channels mixed in proportion to their values,
/// faded towards white by the largest value. Binary observations give solid colours; a synthetic dataset's
/// continuous states show each channel's value as colour intensity (values are clamped to [0, 1]). A legend names the
/// channels.
/// </summary>
public static class MinAtarPicture
{
    const int GridSide = 10, Margin = 10, TitleHeight = 20, LegendLine = 11, Swatch = 7;
    public const float LegendTextSize = 9;

    /// <summary>Channel colours, in channel order (cycled beyond ten channels).</summary>
    public static IReadOnlyList<Rgb> Palette { get; } =
    [
        new(31, 119, 180), new(214, 39, 40), new(255, 127, 14), new(44, 160, 44), new(148, 103, 189),
        new(140, 86, 75), new(227, 119, 194), new(127, 127, 127), new(188, 189, 34), new(23, 190, 207),
    ];

    /// <summary>A picture of one state: optional title, the grid and a legend to its right.</summary>
    public static Picture Draw(ReadOnlySpan<float> state, IReadOnlyList<string> channelNames, string? title = null,
        int cellSize = 24)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSize, 2);
        Check(state, channelNames);
        int grid = GridSide * cellSize;
        int legendWidth = Swatch + 4 + channelNames.Max(n => Picture.TextWidth(n, LegendTextSize));
        int top = title is null ? Margin : TitleHeight + Margin / 2;
        int height = top + Math.Max(grid, channelNames.Count * LegendLine) + Margin;
        var canvas = new Picture(Margin + grid + Margin + legendWidth + Margin, height, Rgb.White);
        if (title is not null) canvas.Text(Margin, 5, title, Rgb.Black, 12, bold: true);
        DrawGrid(canvas, Margin, top, cellSize, state, channelNames.Count);
        DrawLegend(canvas, Margin + grid + Margin, top, channelNames, int.MaxValue);
        return canvas;
    }

    /// <summary>Draws the 10×10 grid of <paramref name="state"/> with its top-left corner at (x, y).</summary>
    public static void DrawGrid(Picture canvas, int x, int y, int cellSize, ReadOnlySpan<float> state, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (state.Length != GridSide * GridSide * channels)
            throw new ArgumentException(
                $"Expected a 10x10x{channels} state of length {GridSide * GridSide * channels}, got {state.Length}.",
                nameof(state));
        for (int row = 0; row < GridSide; row++)
            for (int col = 0; col < GridSide; col++)
            {
                var cell = state.Slice((row * GridSide + col) * channels, channels);
                canvas.FillRect(x + col * cellSize, y + row * cellSize, cellSize, cellSize, CellColour(cell));
            }
        for (int k = 0; k <= GridSide; k++)
        {
            canvas.Line(x + k * cellSize, y, x + k * cellSize, y + GridSide * cellSize, Rgb.LightGrey);
            canvas.Line(x, y + k * cellSize, x + GridSide * cellSize, y + k * cellSize, Rgb.LightGrey);
        }
    }

    /// <summary>One line per channel, a colour swatch and the name (cut to <paramref name="maxChars"/> characters).</summary>
    public static void DrawLegend(Picture canvas, int x, int y, IReadOnlyList<string> channelNames, int maxChars)
    {
        for (int c = 0; c < channelNames.Count; c++)
        {
            int ly = y + c * LegendLine;
            canvas.FillRect(x, ly + 2, Swatch, Swatch, ChannelColour(c));
            string name = channelNames[c];
            if (name.Length > maxChars) name = name[..maxChars];
            canvas.Text(x + Swatch + 3, ly, name, Rgb.Black, LegendTextSize);
        }
    }

    public static Rgb ChannelColour(int channel) => Palette[channel % Palette.Count];

    /// <summary>The channel colours mixed by value and faded towards white by the largest value; white when all are ≤ 0.</summary>
    public static Rgb CellColour(ReadOnlySpan<float> values)
    {
        double r = 0, g = 0, b = 0, total = 0, max = 0;
        for (int c = 0; c < values.Length; c++)
        {
            double v = values[c];
            v = double.IsFinite(v) ? Math.Clamp(v, 0, 1) : 0;
            if (v <= 0) continue;
            var colour = ChannelColour(c);
            r += v * colour.R; g += v * colour.G; b += v * colour.B;
            total += v;
            max = Math.Max(max, v);
        }
        if (total <= 0) return Rgb.White;
        return new(Fade(r / total, max), Fade(g / total, max), Fade(b / total, max));
    }

    static byte Fade(double component, double intensity) =>
        (byte)Math.Round(255 - intensity * (255 - component));

    static void Check(ReadOnlySpan<float> state, IReadOnlyList<string> channelNames)
    {
        if (channelNames.Count == 0) throw new ArgumentException("At least one channel name is needed.", nameof(channelNames));
        if (state.Length != GridSide * GridSide * channelNames.Count)
            throw new ArgumentException(
                $"Expected a 10x10x{channelNames.Count} state of length {GridSide * GridSide * channelNames.Count}, " +
                $"got {state.Length}.", nameof(state));
    }
}
