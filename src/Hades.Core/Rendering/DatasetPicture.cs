using System.Globalization;
using Hades.Core.Datasets;
using Hades.Core.Envs.MinAtar;

namespace Hades.Core.Rendering;

/// <summary>
/// Draws a whole synthetic dataset, one panel per pair with its label: CartPole as the cart and pole in that
/// state (velocity arrows), Acrobot as its two links, MinAtar-style tasks as their 10×10 channel grid
/// (<see cref="MinAtarPicture"/>), any other task as a bar chart of the features.
/// </summary>
public static class DatasetPicture
{
    public const int PanelWidth = 200, PanelHeight = 160, TitleHeight = 22;
    const int Columns = 4;

    /// <summary>Caption colours of CartPole's two actions.</summary>
    public static readonly Rgb LeftColour = Rgb.Brown, RightColour = Rgb.Blue;

    public static Picture Draw(SyntheticDataset dataset)
    {
        int columns = Math.Min(Columns, Math.Max(1, dataset.Size));
        int rows = (dataset.Size + columns - 1) / columns;
        var canvas = new Picture(columns * PanelWidth, Math.Max(1, rows) * PanelHeight + TitleHeight, Rgb.White);
        canvas.Text(6, 4, $"{dataset.Task} dataset: {dataset.Size} pairs", Rgb.Black, 13, bold: true);
        for (int i = 0; i < dataset.Size; i++)
        {
            int x = i % columns * PanelWidth, y = TitleHeight + i / columns * PanelHeight;
            canvas.Rect(x + 2, y + 2, PanelWidth - 4, PanelHeight - 4, Rgb.LightGrey);
            var state = dataset.States[i];
            if (dataset.Actions is { } actions)
            {
                Bars(canvas, x, y, state, "action " + string.Join(" ", actions[i].Select(a => F(Math.Clamp(a, -9.99, 9.99)))));
                continue;
            }
            int label = dataset.Labels[i];
            switch (dataset.Task)
            {
                case "cartpole" when state.Length == 4: CartPole(canvas, x, y, state, label); break;
                case "acrobot" when state.Length == 6: Acrobot(canvas, x, y, state, label); break;
                case var task when MinAtarTasks.ChannelNames(task) is { } names && state.Length == 100 * names.Count:
                    MinAtar(canvas, x, y, state, label, names);
                    break;
                default: Bars(canvas, x, y, state, $"action {label}"); break;
            }
        }
        return canvas;
    }

    static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Where the centre of the cart's top edge lies in panel <paramref name="index"/> (first row of panels).</summary>
    public static (double X, double TrackY) CartCentre(int index, float[] state)
    {
        int columns = Columns;
        double x0 = index % columns * PanelWidth, y0 = TitleHeight + index / columns * PanelHeight;
        double scale = (PanelWidth - 20) / 4.8; // x in [-2.4, 2.4]
        return (x0 + PanelWidth / 2.0 + Math.Clamp(state[0], -2.4, 2.4) * scale, y0 + 110);
    }

    static void CartPole(Picture c, int x0, int y0, float[] s, int label)
    {
        double track = y0 + 110, scale = (PanelWidth - 20) / 4.8;
        c.Line(x0 + 10, track + 4, x0 + PanelWidth - 10, track + 4, Rgb.Grey);
        double cx = x0 + PanelWidth / 2.0 + Math.Clamp(s[0], -2.4, 2.4) * scale;
        c.FillRect((int)Math.Round(cx) - 16, (int)track - 10, 32, 14, Rgb.Black);
        double pole = 60, theta = s[2];
        double tipX = cx + pole * Math.Sin(theta), tipY = track - 10 - pole * Math.Cos(theta);
        c.Line(cx, track - 10, tipX, tipY, Rgb.Orange, 4);
        c.Disc(cx, track - 10, 3, Rgb.Grey);
        if (Math.Abs(s[1]) > 0.01)                                                                   // cart velocity
            c.Arrow(cx, track + 14, cx + 30 * Math.Clamp(s[1], -2, 2), track + 14, Rgb.Green);
        double w = 30 * Math.Clamp(s[3], -2, 2);                                                    // tip velocity
        if (Math.Abs(w) > 0.3) c.Arrow(tipX, tipY, tipX + w * Math.Cos(theta), tipY + w * Math.Sin(theta), Rgb.Red);
        bool right = label == 1;
        c.Text(x0 + 8, y0 + 6, right ? "push right \u2192" : "\u2190 push left", right ? RightColour : LeftColour, 12, bold: true);
        c.Text(x0 + 8, y0 + PanelHeight - 36, $"x {F(s[0])}   v {F(s[1])}", Rgb.Black);
        c.Text(x0 + 8, y0 + PanelHeight - 22, $"\u03b8 {F(s[2])}   \u03c9 {F(s[3])}", Rgb.Black);
    }

    static void Acrobot(Picture c, int x0, int y0, float[] s, int label)
    {
        double t1 = Math.Atan2(s[1], s[0]), t2 = Math.Atan2(s[3], s[2]);
        double px = x0 + PanelWidth / 2.0, py = y0 + 60, link = 40;
        // θ1 = 0 hangs straight down
        double ex = px + link * Math.Sin(t1), ey = py + link * Math.Cos(t1);
        double fx = ex + link * Math.Sin(t1 + t2), fy = ey + link * Math.Cos(t1 + t2);
        c.Line(x0 + 20, py - link, x0 + PanelWidth - 20, py - link, Rgb.LightGrey); // goal height
        c.Text(x0 + PanelWidth - 50, py - link - 14, "goal", Rgb.Grey, 10);
        c.Line(px, py, ex, ey, Rgb.Blue, 4);
        c.Line(ex, ey, fx, fy, Rgb.Orange, 4);
        c.Disc(px, py, 4, Rgb.Black);
        string torque = label switch { 0 => "torque \u22121", 1 => "torque 0", _ => "torque +1" };
        c.Text(x0 + 8, y0 + 6, torque, label == 1 ? Rgb.Grey : label == 0 ? Rgb.Brown : Rgb.Blue, 12, bold: true);
        c.Text(x0 + 8, y0 + PanelHeight - 22, $"\u03c9\u2081 {F(s[4])}   \u03c9\u2082 {F(s[5])}", Rgb.Black);
    }

    static void MinAtar(Picture c, int x0, int y0, float[] s, int label, IReadOnlyList<string> channels)
    {
        const int cell = 11;
        c.Text(x0 + 8, y0 + 6, $"action {label}", Rgb.Blue, 12, bold: true);
        MinAtarPicture.DrawGrid(c, x0 + 6, y0 + 22, cell, s, channels.Count);
        MinAtarPicture.DrawLegend(c, x0 + 6 + 10 * cell + 6, y0 + 22, channels, 11);
    }

    static void Bars(Picture c, int x0, int y0, float[] s, string caption)
    {
        c.Text(x0 + 8, y0 + 6, caption, Rgb.Blue, 12, bold: true);
        double max = Math.Max(1e-6, s.Max(v => Math.Abs(v)));
        double mid = y0 + PanelHeight / 2.0 + 10, half = PanelHeight / 2.0 - 30;
        double w = (PanelWidth - 20.0) / Math.Max(1, s.Length);
        c.Line(x0 + 10, mid, x0 + PanelWidth - 10, mid, Rgb.Grey);
        for (int k = 0; k < s.Length; k++)
        {
            int h = (int)(Math.Abs(s[k]) / max * half);
            int bx = (int)(x0 + 10 + k * w);
            c.FillRect(bx, s[k] >= 0 ? (int)mid - h : (int)mid, Math.Max(1, (int)w - 1), h, s[k] >= 0 ? Rgb.Blue : Rgb.Orange);
        }
    }
}
