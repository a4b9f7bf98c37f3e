namespace Hades.Core.Rendering;

/// <summary>
/// A grid of greyscale synthetic images: one row per class (labelled with the class name), one column per image
/// of the class. Images are class-major flat arrays (image i of class c at <c>(c·ipc + i)·side²</c>); values are
/// clipped to [0, 1] (0 black, 1 white; NaN black) and each pixel is drawn as a scale×scale block.
/// </summary>
public static class ImageGridPicture
{
    public const int Gap = 2, Margin = 4, TitleHeight = 14;

    public static Picture Draw(float[] images, int classes, int imagesPerClass, IReadOnlyList<string>? classNames = null,
        int scale = 3, string? title = null)
    {
        if (classes <= 0 || imagesPerClass <= 0) throw new ArgumentOutOfRangeException(nameof(classes));
        int perImage = images.Length / (classes * imagesPerClass);
        int side = (int)Math.Round(Math.Sqrt(perImage));
        if (side * side * classes * imagesPerClass != images.Length)
            throw new ArgumentException($"{images.Length} values are not {classes}×{imagesPerClass} square images");
        var (labelWidth, cell, top) = Layout(classes, classNames, side, scale, title);
        var canvas = new Picture(labelWidth + imagesPerClass * (cell + Gap) + Margin,
            top + classes * (cell + Gap) + Margin, Rgb.White);
        if (title is not null) canvas.Text(Margin, Margin, title, Rgb.Black);
        for (int c = 0; c < classes; c++)
        {
            int y0 = top + c * (cell + Gap);
            string name = classNames is not null && c < classNames.Count ? classNames[c] : c.ToString();
            canvas.Text(Margin, y0 + cell / 2 - 3, name, Rgb.Black);
            for (int i = 0; i < imagesPerClass; i++)
            {
                int x0 = labelWidth + i * (cell + Gap), offset = (c * imagesPerClass + i) * side * side;
                for (int py = 0; py < side; py++)
                    for (int px = 0; px < side; px++)
                    {
                        float v = images[offset + py * side + px];
                        byte grey = (byte)Math.Round(255 * (float.IsNaN(v) ? 0 : Math.Clamp(v, 0f, 1f)));
                        canvas.FillRect(x0 + px * scale, y0 + py * scale, scale, scale, new Rgb(grey, grey, grey));
                    }
            }
        }
        return canvas;
    }

    /// <summary>Where image i of class c starts: its top-left pixel on the canvas.</summary>
    public static (int X, int Y) ImageOrigin(int c, int i, int classes, IReadOnlyList<string>? classNames, int side,
        int scale = 3, string? title = null)
    {
        var (labelWidth, cell, top) = Layout(classes, classNames, side, scale, title);
        return (labelWidth + i * (cell + Gap), top + c * (cell + Gap));
    }

    static (int LabelWidth, int Cell, int Top) Layout(int classes, IReadOnlyList<string>? classNames, int side, int scale, string? title)
    {
        int widest = Enumerable.Range(0, classes)
            .Select(c => Picture.TextWidth(classNames is not null && c < classNames.Count ? classNames[c] : c.ToString()))
            .Max();
        return (Margin + widest + 2 * Margin, side * scale, Margin + (title is null ? 0 : TitleHeight));
    }
}
