using ScottPlot;

namespace Hades.Core.Rendering;

/// <summary>The look shared by every ScottPlot figure (font, legend outside the data area) and its PNG/SVG output.</summary>
public static class PlotStyle
{
    /// <summary>The series colours, in order (the same ten as the pictures' palette).</summary>
    public static IReadOnlyList<Rgb> Series => MinAtarPicture.Palette;

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Typefaces.SansFamily);
        plot.Title(title, size: 14);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        return plot;
    }

    /// <summary>Shows the legend in its own panel below the data area, so it never covers a curve.</summary>
    public static void LegendBelow(Plot plot)
    {
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontName = Typefaces.SansFamily;
        plot.Legend.FontSize = 12;
    }

    public static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes(width, height, ImageFormat.Png);

    public static string Svg(Plot plot, int width, int height) => plot.GetSvgXml(width, height);

    /// <summary>Writes the plot as PNG (and SVG when <paramref name="svgPath"/> is given), each via a temporary file.</summary>
    public static void Save(Plot plot, int width, int height, string pngPath, string? svgPath = null)
    {
        Picture.SaveAtomically(pngPath, Png(plot, width, height));
        if (svgPath is not null) Picture.SaveAtomically(svgPath, System.Text.Encoding.UTF8.GetBytes(Svg(plot, width, height)));
    }
}
