using System.Globalization;
using System.Text;
using Hades.Core.Rendering;
using Hades.Core.Runs;

namespace Hades.Core.DataFree.Policies;

/// <summary>
/// The files of a policy distillation run: <c>student.npz</c> (policy.npz layout: W0, b0, …, identity
/// obs_offset/obs_scale, so PpoActorNetwork-style tools read it), <c>samples.png</c> (the generated set: state scatter
/// plots per pair of observation dimensions coloured by the teacher's action, or a grid of MinAtar frames per
/// teacher action) and <c>actions.csv</c> (the teacher's action histogram on the generated set).
/// </summary>
public static class PolicyOutputs
{
    public const string StudentFile = "student.npz", SamplesFile = "samples.png", ActionsFile = "actions.csv";
    const int MaxPoints = 3000, Panel = 240, Margin = 36, FramesPerAction = 8;

    public static void Write(PolicyDistilJob job, DistilState state, string runDir)
    {
        Directory.CreateDirectory(runDir);
        int o = job.Prior.ObservationSize;
        PolicyFiles.WriteFile(Path.Combine(runDir, StudentFile), job.Config.Task, job.Student.Shape, state.Floats("student"),
            state.Step, new float[o], Enumerable.Repeat(1f, o).ToArray());

        var set = job.GeneratedSet(state);
        var labels = job.TeacherActions(set);
        int actionCount = job.Teacher.Spec.ActionCount;
        var counts = new long[actionCount];
        foreach (int a in labels) counts[a]++;
        var csv = new StringBuilder("action,count,fraction\n");
        for (int a = 0; a < actionCount; a++)
            csv.Append(string.Create(CultureInfo.InvariantCulture, $"{a},{counts[a]},{(double)counts[a] / Math.Max(1, labels.Length):0.####}\n"));
        Storage.AtomicFile.WriteAllText(Path.Combine(runDir, ActionsFile), csv.ToString());

        string title = $"{job.Config.Task} {job.Config.Method}: {labels.Length} generated states, step {state.Step}";
        using var picture = job.Prior.GridChannels is { } channels
            ? Frames(set, labels, o, actionCount, channels, title)
            : Scatter(set, labels, o, actionCount, job.Prior.ScatterPairs, title);
        picture.SavePng(Path.Combine(runDir, SamplesFile));
    }

    static Rgb Colour(int action) => MinAtarPicture.Palette[action % MinAtarPicture.Palette.Count];

    static float Coordinate(float[] set, int row, int o, int index) =>
        index >= 0 ? set[row * o + index] : AcrobotPrior.Coordinate(set.AsSpan(row * o, o), index);

    /// <summary>One panel per pair of dimensions; at most 3,000 evenly spaced points.</summary>
    public static Picture Scatter(float[] set, int[] labels, int o, int actionCount, IReadOnlyList<ScatterAxes> pairs, string title)
    {
        int panels = Math.Max(1, pairs.Count);
        var canvas = new Picture(Margin + panels * (Panel + Margin), 30 + Panel + Margin + 8 + 14 * actionCount, Rgb.White);
        canvas.Text(Margin, 8, title, Rgb.Black);
        int n = labels.Length, stride = Math.Max(1, n / MaxPoints);
        for (int p = 0; p < pairs.Count; p++)
        {
            var axes = pairs[p];
            int left = Margin + p * (Panel + Margin), top = 30;
            canvas.Rect(left, top, Panel, Panel, Rgb.Grey);
            if (n == 0) continue;
            float minX = float.MaxValue, maxX = float.MinValue, minY = float.MaxValue, maxY = float.MinValue;
            for (int i = 0; i < n; i++)
            {
                float x = Coordinate(set, i, o, axes.X), y = Coordinate(set, i, o, axes.Y);
                minX = Math.Min(minX, x); maxX = Math.Max(maxX, x); minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
            }
            float spanX = Math.Max(maxX - minX, 1e-6f), spanY = Math.Max(maxY - minY, 1e-6f);
            for (int i = 0; i < n; i += stride)
            {
                double px = left + 3 + (Coordinate(set, i, o, axes.X) - minX) / spanX * (Panel - 6);
                double py = top + Panel - 3 - (Coordinate(set, i, o, axes.Y) - minY) / spanY * (Panel - 6);
                canvas.Disc(px, py, 1.5, Colour(labels[i]));
            }
            canvas.Text(left, top + Panel + 4, string.Create(CultureInfo.InvariantCulture, $"x: {axes.XName} [{minX:0.##}, {maxX:0.##}]"), Rgb.Black);
            canvas.Text(left, top + Panel + 18, string.Create(CultureInfo.InvariantCulture, $"y: {axes.YName} [{minY:0.##}, {maxY:0.##}]"), Rgb.Black);
        }
        Legend(canvas, Margin, 30 + Panel + 36, labels, actionCount);
        return canvas;
    }

    /// <summary>Rows of up to eight frames per teacher action.</summary>
    public static Picture Frames(float[] set, int[] labels, int o, int actionCount, IReadOnlyList<string> channels, string title)
    {
        const int cell = 6, frame = 10 * cell, gap = 8;
        int width = Math.Max(Margin + FramesPerAction * (frame + gap) + 120, Picture.TextWidth(title) + 2 * Margin);
        var canvas = new Picture(width, 30 + actionCount * (frame + 20) + 14 * channels.Count + 10, Rgb.White);
        canvas.Text(Margin, 8, title, Rgb.Black);
        for (int a = 0; a < actionCount; a++)
        {
            int top = 30 + a * (frame + 20);
            var rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == a).ToArray();
            canvas.Text(4, top, $"a{a}", Colour(a));
            canvas.Text(Margin, top + frame + 4, $"{rows.Length} states", Rgb.Black);
            int stride = Math.Max(1, rows.Length / FramesPerAction);
            for (int j = 0; j < FramesPerAction && j * stride < rows.Length; j++)
                MinAtarPicture.DrawGrid(canvas, Margin + j * (frame + gap), top, cell, set.AsSpan(rows[j * stride] * o, o), channels.Count);
        }
        MinAtarPicture.DrawLegend(canvas, Margin, 30 + actionCount * (frame + 20), channels, 30);
        return canvas;
    }

    static void Legend(Picture canvas, int x, int y, int[] labels, int actionCount)
    {
        for (int a = 0; a < actionCount; a++)
        {
            int count = labels.Count(l => l == a);
            canvas.FillRect(x, y + 14 * a, 8, 8, Colour(a));
            canvas.Text(x + 12, y + 14 * a, string.Create(CultureInfo.InvariantCulture,
                $"teacher action {a}: {count} ({(double)count / Math.Max(1, labels.Length):P1})"), Rgb.Black);
        }
    }
}
