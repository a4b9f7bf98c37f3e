using SkiaSharp;

namespace Hades.Core.Rendering;

/// <summary>
/// A raster picture drawn with SkiaSharp: axis-aligned rectangles are filled without anti-aliasing (so grid cells
/// and image pixels keep their exact colours), lines, discs and text are anti-aliased; text uses
/// <see cref="Typefaces.Sans"/>. Saved as PNG by SkiaSharp's encoder.
/// </summary>
public sealed class Picture : IDisposable
{
    /// <summary>The default text size in pixels.</summary>
    public const float TextSize = 11;

    readonly SKBitmap bitmap;
    readonly SKCanvas canvas;

    public int Width { get; }
    public int Height { get; }

    public Picture(int width, int height, Rgb background)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"a picture of {width}x{height} pixels");
        Width = width; Height = height;
        bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        canvas = new SKCanvas(bitmap);
        canvas.Clear(background.ToSkia());
    }

    public void FillRect(int x, int y, int w, int h, Rgb c)
    {
        if (w <= 0 || h <= 0) return;
        using var paint = new SKPaint { Color = c.ToSkia(), IsAntialias = false, Style = SKPaintStyle.Fill };
        canvas.DrawRect(x, y, w, h, paint);
    }

    public void Set(int x, int y, Rgb c) => FillRect(x, y, 1, 1, c);

    /// <summary>A one-pixel outline whose outer edge is the rectangle (x, y, w, h).</summary>
    public void Rect(int x, int y, int w, int h, Rgb c)
    {
        using var paint = new SKPaint { Color = c.ToSkia(), IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        canvas.DrawRect(x + 0.5f, y + 0.5f, w - 1, h - 1, paint);
    }

    public void Line(double x0, double y0, double x1, double y1, Rgb c, float thickness = 1)
    {
        using var paint = new SKPaint
        {
            Color = c.ToSkia(), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = thickness, StrokeCap = SKStrokeCap.Round,
        };
        canvas.DrawLine((float)x0, (float)y0, (float)x1, (float)y1, paint);
    }

    /// <summary>A line with an arrow head at (x1, y1).</summary>
    public void Arrow(double x0, double y0, double x1, double y1, Rgb c, float thickness = 2)
    {
        Line(x0, y0, x1, y1, c, thickness);
        double length = Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
        if (length < 1) return;
        double ux = (x1 - x0) / length, uy = (y1 - y0) / length, head = Math.Min(6, length / 2);
        Line(x1, y1, x1 - head * (ux - uy * 0.6), y1 - head * (uy + ux * 0.6), c, thickness);
        Line(x1, y1, x1 - head * (ux + uy * 0.6), y1 - head * (uy - ux * 0.6), c, thickness);
    }

    public void Disc(double cx, double cy, double radius, Rgb c)
    {
        using var paint = new SKPaint { Color = c.ToSkia(), IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawCircle((float)cx, (float)cy, (float)radius, paint);
    }

    /// <summary>Text whose top-left corner (of the line's ascent) is at (x, y).</summary>
    public void Text(double x, double y, string text, Rgb c, float size = TextSize, bool bold = false)
    {
        using var font = Font(size, bold);
        using var paint = new SKPaint { Color = c.ToSkia(), IsAntialias = true };
        canvas.DrawText(text, (float)x, (float)y - font.Metrics.Ascent, SKTextAlign.Left, font, paint);
    }

    /// <summary>The advance width of <paramref name="text"/> in pixels, rounded up.</summary>
    public static int TextWidth(string text, float size = TextSize, bool bold = false)
    {
        using var font = Font(size, bold);
        return (int)Math.Ceiling(font.MeasureText(text));
    }

    /// <summary>The height of one line of text (ascent + descent) in pixels, rounded up.</summary>
    public static int TextHeight(float size = TextSize)
    {
        using var font = Font(size, false);
        return (int)Math.Ceiling(font.Metrics.Descent - font.Metrics.Ascent);
    }

    static SKFont Font(float size, bool bold) =>
        new(Typefaces.Sans, size) { Edging = SKFontEdging.Antialias, Subpixel = true, Embolden = bold };

    public Rgb GetPixel(int x, int y)
    {
        canvas.Flush();
        var c = bitmap.GetPixel(x, y);
        return new(c.Red, c.Green, c.Blue);
    }

    /// <summary>The pixels as RGB triples, row by row.</summary>
    public byte[] RgbBytes()
    {
        canvas.Flush();
        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[Width * Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3) { rgb[j] = rgba[i]; rgb[j + 1] = rgba[i + 1]; rgb[j + 2] = rgba[i + 2]; }
        return rgb;
    }

    public byte[] EncodePng()
    {
        canvas.Flush();
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Writes the PNG through a temporary file and a rename, so readers never see half a file.</summary>
    public void SavePng(string path) => SaveAtomically(path, EncodePng());

    internal static void SaveAtomically(string path, byte[] bytes) => Storage.AtomicFile.WriteAllBytes(path, bytes);

    public void Dispose()
    {
        canvas.Dispose();
        bitmap.Dispose();
    }
}
