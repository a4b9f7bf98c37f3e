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
    public const int PanelWidth = 200, PanelHeight = 160;
    const int Columns = 4;

    public static Canvas Draw(SyntheticDataset dataset)
    {
        int columns = Math.Min(Columns, Math.Max(1, dataset.Size));
        int rows = (dataset.Size + columns - 1) / columns;
        var canvas = new Canvas(columns * PanelWidth, Math.Max(1, rows) * PanelHeight + 20, Rgb.White);
        canvas.Text(6, 6, $"{dataset.Task} dataset: {dataset.Size} pairs", Rgb.Black);
        for (int i = 0; i < dataset.Size; i++)
        {
            int x = i % columns * PanelWidth, y = 20 + i / columns * PanelHeight;
            canvas.Rect(x + 2, y + 2, PanelWidth - 4, PanelHeight - 4, Rgb.LightGrey);
            var state = dataset.States[i];
            if (dataset.Actions is { } actions)
            {
                Bars(canvas, x, y, state, "A " + string.Join(" ", actions[i].Select(a => F(Math.Clamp(a, -9.99, 9.99)))));
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
                default: Bars(canvas, x, y, state, $"ACTION {label}"); break;
            }
        }
        return canvas;
    }

    static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    static void CartPole(Canvas c, int x0, int y0, float[] s, int label)
    {
        double track = y0 + 110, scale = (PanelWidth - 20) / 4.8; // x in [-2.4, 2.4]
        c.Line(x0 + 10, track, x0 + PanelWidth - 10, track, Rgb.Grey);
        double cx = x0 + PanelWidth / 2.0 + Math.Clamp(s[0], -2.4, 2.4) * scale;
        c.FillRect((int)cx - 16, (int)track - 10, 32, 14, Rgb.Black);
        double pole = 60, theta = s[2];
        double tipX = cx + pole * Math.Sin(theta), tipY = track - 10 - pole * Math.Cos(theta);
        c.Line(cx, track - 10, tipX, tipY, Rgb.Orange, 4);
        c.Line(cx, track + 12, cx + 30 * Math.Clamp(s[1], -2, 2), track + 12, Rgb.Green, 2);        // cart velocity
        c.Line(tipX, tipY, tipX + 30 * Math.Clamp(s[3], -2, 2) * Math.Cos(theta), tipY + 30 * Math.Clamp(s[3], -2, 2) * Math.Sin(theta), Rgb.Red, 2); // tip velocity
        string action = label == 1 ? "PUSH RIGHT >" : "< PUSH LEFT";
        c.Text(x0 + 8, y0 + 8, action, label == 1 ? Rgb.Blue : Rgb.Brown);
        c.Text(x0 + 8, y0 + PanelHeight - 34, $"X {F(s[0])} V {F(s[1])}", Rgb.Black);
        c.Text(x0 + 8, y0 + PanelHeight - 22, $"TH {F(s[2])} W {F(s[3])}", Rgb.Black);
    }

    static void Acrobot(Canvas c, int x0, int y0, float[] s, int label)
    {
        double t1 = Math.Atan2(s[1], s[0]), t2 = Math.Atan2(s[3], s[2]);
        double px = x0 + PanelWidth / 2.0, py = y0 + 60, link = 40;
        // θ1 = 0 hangs straight down
        double ex = px + link * Math.Sin(t1), ey = py + link * Math.Cos(t1);
        double fx = ex + link * Math.Sin(t1 + t2), fy = ey + link * Math.Cos(t1 + t2);
        c.Line(x0 + 20, py - link, x0 + PanelWidth - 20, py - link, Rgb.LightGrey); // goal height
        c.Line(px, py, ex, ey, Rgb.Blue, 4);
        c.Line(ex, ey, fx, fy, Rgb.Orange, 4);
        c.Disc(px, py, 4, Rgb.Black);
        string torque = label switch { 0 => "TORQUE -1", 1 => "TORQUE 0", _ => "TORQUE +1" };
        c.Text(x0 + 8, y0 + 8, torque, label == 1 ? Rgb.Grey : label == 0 ? Rgb.Brown : Rgb.Blue);
        c.Text(x0 + 8, y0 + PanelHeight - 22, $"W1 {F(s[4])} W2 {F(s[5])}", Rgb.Black);
    }

    static void MinAtar(Canvas c, int x0, int y0, float[] s, int label, IReadOnlyList<string> channels)
    {
        const int cell = 11;
        c.Text(x0 + 8, y0 + 8, $"ACTION {label}", Rgb.Blue);
        MinAtarPicture.DrawGrid(c, x0 + 6, y0 + 22, cell, s, channels.Count);
        MinAtarPicture.DrawLegend(c, x0 + 6 + 10 * cell + 6, y0 + 22, channels, 11);
    }

    static void Bars(Canvas c, int x0, int y0, float[] s, string caption)
    {
        c.Text(x0 + 8, y0 + 8, caption, Rgb.Blue);
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
