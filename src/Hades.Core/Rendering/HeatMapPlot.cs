using System.Globalization;
using ScottPlot;

namespace Hades.Core.Rendering;

/// <summary>
/// A heat map (ScottPlot) of values over a row × column grid, each cell labelled with its value, and a colour bar.
/// Missing cells are NaN and left blank. Rows are drawn top to bottom in the given order.
/// </summary>
public static class HeatMapPlot
{
    public const int Width = 640, Height = 420;

    public static Plot Create(double[,] values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels,
        string title, string rowTitle, string columnTitle, string valueTitle)
    {
        int rows = values.GetLength(0), columns = values.GetLength(1);
        if (rowLabels.Count != rows || columnLabels.Count != columns)
            throw new ArgumentException($"{rows}x{columns} values need as many row and column labels");
        var plot = PlotStyle.NewPlot(title, columnTitle, rowTitle);
        if (rows == 0 || columns == 0) return plot;
        var map = plot.Add.Heatmap(values);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.Position = new CoordinateRect(0, columns - 1, 0, rows - 1); // cell (r, c) centred on (c, rows − 1 − r): row 0 on top
        map.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles(); // crisp cells, also in SVG
        map.NaNCellColor = Colors.White;
        var bar = plot.Add.ColorBar(map);
        bar.Label = valueTitle;
        bar.LabelStyle.FontSize = 13;
        bar.LabelStyle.FontName = Typefaces.SansFamily;
        var finite = values.Cast<double>().Where(double.IsFinite).ToArray();
        double lo = finite.Length == 0 ? 0 : finite.Min(), hi = finite.Length == 0 ? 1 : finite.Max();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                double v = values[r, c];
                if (!double.IsFinite(v)) continue;
                var text = plot.Add.Text(v.ToString("0.#", CultureInfo.InvariantCulture), c, rows - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 14;
                text.LabelFontName = Typefaces.SansFamily;
                double t = hi - lo < 1e-12 ? 1 : (v - lo) / (hi - lo);
                text.LabelFontColor = t > 0.6 ? Colors.Black : Colors.White; // viridis: dark at the low end, yellow at the top
            }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(c => (double)c).ToArray(), [.. columnLabels]);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r)).ToArray(), [.. rowLabels]);
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.Grid.IsVisible = false;
        return plot;
    }

    public static void Save(Plot plot, string pngPath, string? svgPath = null) => PlotStyle.Save(plot, Width, Height, pngPath, svgPath);
}
