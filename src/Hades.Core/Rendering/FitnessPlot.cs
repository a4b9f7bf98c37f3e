using Hades.Core.Runs;
using ScottPlot;

namespace Hades.Core.Rendering;

/// <summary>What a fitness plot can draw per generation.</summary>
public enum FitnessMetric { MeanFitness, MaxFitness, EvalReturn }

/// <summary>
/// Fitness plots (ScottPlot): one run's mean/max fitness and eval return per generation, or several runs' seeds as
/// mean ± 1 sample sd bands (<see cref="SeedBand"/>). Automatic "nice" ticks (integer generations), axis titles,
/// the legend in its own panel below the data; PNG and SVG.
/// </summary>
public static class FitnessPlot
{
    public const int Width = 640, Height = 400;

    static readonly (FitnessMetric Metric, string Name, Rgb Colour)[] RunSeries =
    [
        (FitnessMetric.MeanFitness, "mean fitness (population)", Rgb.Blue),
        (FitnessMetric.MaxFitness, "max fitness (population)", Rgb.Green),
        (FitnessMetric.EvalReturn, "eval return (current dataset)", Rgb.Orange),
    ];

    public static double Value(GenerationRecord r, FitnessMetric metric) => metric switch
    {
        FitnessMetric.MeanFitness => r.MeanFitness,
        FitnessMetric.MaxFitness => r.MaxFitness,
        _ => r.EvalReturn,
    };

    public static string Label(FitnessMetric metric) => metric switch
    {
        FitnessMetric.MeanFitness => "mean fitness",
        FitnessMetric.MaxFitness => "max fitness",
        _ => "eval return",
    };

    /// <summary>One run: its three curves against the generation.</summary>
    public static Plot Create(IReadOnlyList<GenerationRecord> history, string title)
    {
        var plot = PlotStyle.NewPlot(title, "generation", "return / fitness");
        IntegerGenerations(plot);
        foreach (var (metric, name, colour) in RunSeries)
        {
            var points = history.Where(r => double.IsFinite(Value(r, metric))).ToArray();
            if (points.Length == 0) continue;
            var line = plot.Add.Scatter(points.Select(r => (double)r.Generation).ToArray(), points.Select(r => Value(r, metric)).ToArray());
            line.LegendText = name;
            line.Color = colour.ToScottPlot();
            line.LineWidth = 2;
            line.MarkerSize = points.Length == 1 ? 6 : 0;
        }
        if (history.Count > 0) PlotStyle.LegendBelow(plot);
        return plot;
    }

    /// <summary>
    /// Several groups of seeds (e.g. a campaign's experiments that differ only in the seed): per group the mean over
    /// its seeds as a line and ±1 sample sd as a shaded band, for one <paramref name="metric"/>.
    /// </summary>
    public static Plot CreateSeedBands(IReadOnlyList<SeedGroup> groups, FitnessMetric metric, string title)
    {
        var plot = PlotStyle.NewPlot(title, "generation", Label(metric) + " (mean ± sd over seeds)");
        IntegerGenerations(plot);
        for (int g = 0; g < groups.Count; g++)
        {
            var band = groups[g].Band(metric);
            if (band.X.Length == 0) continue;
            var colour = PlotStyle.Series[g % PlotStyle.Series.Count].ToScottPlot();
            if (band.X.Length > 1)
            {
                var fill = plot.Add.FillY(band.X, band.Lower, band.Upper);
                fill.FillColor = colour.WithAlpha(0.2);
                fill.LineWidth = 0;
            }
            var line = plot.Add.Scatter(band.X, band.Mean);
            line.Color = colour;
            line.LineWidth = 2;
            line.MarkerSize = band.X.Length == 1 ? 6 : 0;
            line.LegendText = $"{groups[g].Label} (n={groups[g].Runs.Count})";
        }
        if (groups.Count > 0) PlotStyle.LegendBelow(plot);
        return plot;
    }

    public static byte[] Png(IReadOnlyList<GenerationRecord> history, string title) => PlotStyle.Png(Create(history, title), Width, Height);

    public static void Save(IReadOnlyList<GenerationRecord> history, string title, string pngPath, string? svgPath = null) =>
        PlotStyle.Save(Create(history, title), Width, Height, pngPath, svgPath);

    static void IntegerGenerations(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
}

/// <summary>A curve's seeds: one metrics history per seed, drawn as one mean ± sd band.</summary>
public sealed record SeedGroup(string Label, IReadOnlyList<IReadOnlyList<GenerationRecord>> Runs)
{
    /// <summary>The band of <paramref name="metric"/>, indexed by generation number.</summary>
    public SeedBand Band(FitnessMetric metric) => SeedBand.Of(Runs.Select(run =>
    {
        int last = run.Count == 0 ? -1 : run.Max(r => r.Generation);
        var values = Enumerable.Repeat(double.NaN, last + 1).ToArray();
        foreach (var r in run) if (r.Generation >= 0) values[r.Generation] = FitnessPlot.Value(r, metric);
        return (IReadOnlyList<double>)values;
    }).ToList());
}
