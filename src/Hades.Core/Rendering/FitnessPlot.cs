using System.Globalization;
using Hades.Core.Runs;

namespace Hades.Core.Rendering;

/// <summary>Line plot of mean fitness, max fitness and eval return per generation.</summary>
public static class FitnessPlot
{
    public const int Width = 640, Height = 400;

    public static Canvas Draw(IReadOnlyList<GenerationRecord> history, string title)
    {
        var c = new Canvas(Width, Height, Rgb.White);
        c.Text(10, 8, title, Rgb.Black);
        int left = 70, right = Width - 20, top = 30, bottom = Height - 50;
        c.Line(left, bottom, right, bottom, Rgb.Black);
        c.Line(left, top, left, bottom, Rgb.Black);
        c.Text(left + (right - left) / 2 - 30, Height - 20, "GENERATION", Rgb.Black);
        if (history.Count == 0) return c;
        var series = new (string Name, Rgb Colour, Func<GenerationRecord, double> Value)[]
        {
            ("MEAN FITNESS", Rgb.Blue, r => r.MeanFitness), ("MAX FITNESS", Rgb.Green, r => r.MaxFitness), ("EVAL RETURN", Rgb.Orange, r => r.EvalReturn),
        };
        double lo = series.Min(s => history.Min(s.Value)), hi = series.Max(s => history.Max(s.Value));
        if (hi - lo < 1e-9) { hi += 1; lo -= 1; }
        int n = history.Count;
        double X(int i) => left + (n == 1 ? 0 : (double)i / (n - 1) * (right - left));
        double Y(double v) => bottom - (v - lo) / (hi - lo) * (bottom - top);
        for (int k = 0; k <= 4; k++)
        {
            double v = lo + k * (hi - lo) / 4;
            c.Line(left - 4, Y(v), right, Y(v), k == 0 ? Rgb.Black : Rgb.LightGrey);
            c.Text(4, (int)Y(v) - 3, v.ToString("0.#", CultureInfo.InvariantCulture), Rgb.Black);
        }
        c.Text(left - 3, bottom + 6, "0", Rgb.Black);
        string last = (n - 1).ToString(CultureInfo.InvariantCulture);
        c.Text(right - Canvas.TextWidth(last), bottom + 6, last, Rgb.Black);
        for (int s = 0; s < series.Length; s++)
        {
            var (name, colour, value) = series[s];
            for (int i = 1; i < n; i++) c.Line(X(i - 1), Y(value(history[i - 1])), X(i), Y(value(history[i])), colour, 2);
            if (n == 1) c.Disc(X(0), Y(value(history[0])), 3, colour);
            c.FillRect(left + 10 + s * 160, top + 4, 12, 4, colour);
            c.Text(left + 26 + s * 160, top + 2, name, colour);
        }
        return c;
    }
}
