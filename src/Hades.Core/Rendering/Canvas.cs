namespace Hades.Core.Rendering;

/// <summary>An RGB raster with a few drawing primitives (lines, rectangles, discs, a 5×7 bitmap font).</summary>
public sealed class Canvas
{
    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public Canvas(int width, int height, Rgb background)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width));
        Width = width; Height = height;
        Pixels = new byte[width * height * 3];
        FillRect(0, 0, width, height, background);
    }

    public void Set(int x, int y, Rgb c)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        int i = (y * Width + x) * 3;
        Pixels[i] = c.R; Pixels[i + 1] = c.G; Pixels[i + 2] = c.B;
    }

    public void FillRect(int x, int y, int w, int h, Rgb c)
    {
        for (int yy = Math.Max(0, y); yy < Math.Min(Height, y + h); yy++)
            for (int xx = Math.Max(0, x); xx < Math.Min(Width, x + w); xx++) Set(xx, yy, c);
    }

    public void Rect(int x, int y, int w, int h, Rgb c)
    {
        Line(x, y, x + w - 1, y, c); Line(x, y + h - 1, x + w - 1, y + h - 1, c);
        Line(x, y, x, y + h - 1, c); Line(x + w - 1, y, x + w - 1, y + h - 1, c);
    }

    /// <summary>A line of the given thickness (Bresenham with a square brush).</summary>
    public void Line(double x0, double y0, double x1, double y1, Rgb c, int thickness = 1)
    {
        int steps = (int)Math.Ceiling(Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0))) + 1;
        int r = thickness / 2;
        for (int s = 0; s <= steps; s++)
        {
            double t = steps == 0 ? 0 : (double)s / steps;
            int x = (int)Math.Round(x0 + t * (x1 - x0)), y = (int)Math.Round(y0 + t * (y1 - y0));
            for (int dy = -r; dy <= r - (1 - thickness % 2); dy++)
                for (int dx = -r; dx <= r - (1 - thickness % 2); dx++) Set(x + dx, y + dy, c);
        }
    }

    public void Disc(double cx, double cy, double radius, Rgb c)
    {
        for (int y = (int)(cy - radius); y <= (int)(cy + radius) + 1; y++)
            for (int x = (int)(cx - radius); x <= (int)(cx + radius) + 1; x++)
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) Set(x, y, c);
    }

    /// <summary>Text in a 5×7 font scaled by <paramref name="scale"/>; unknown characters are drawn as blanks.</summary>
    public void Text(int x, int y, string text, Rgb c, int scale = 1)
    {
        foreach (char ch in text)
        {
            var glyph = Font5x7.Glyph(ch);
            for (int row = 0; row < 7; row++)
                for (int col = 0; col < 5; col++)
                    if ((glyph[row] >> (4 - col) & 1) != 0) FillRect(x + col * scale, y + row * scale, scale, scale, c);
            x += 6 * scale;
        }
    }

    public static int TextWidth(string text, int scale = 1) => text.Length * 6 * scale;
}

public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static readonly Rgb White = new(255, 255, 255);
    public static readonly Rgb Black = new(0, 0, 0);
    public static readonly Rgb Grey = new(150, 150, 150);
    public static readonly Rgb LightGrey = new(225, 225, 225);
    public static readonly Rgb Blue = new(31, 119, 180);
    public static readonly Rgb Orange = new(255, 127, 14);
    public static readonly Rgb Green = new(44, 160, 44);
    public static readonly Rgb Red = new(214, 39, 40);
    public static readonly Rgb Brown = new(140, 86, 75);

    /// <summary>A colour on a white → blue scale for t in [0, 1].</summary>
    public static Rgb Scale(double t)
    {
        t = Math.Clamp(double.IsFinite(t) ? t : 0, 0, 1);
        return new((byte)(247 - t * (247 - 8)), (byte)(251 - t * (251 - 48)), (byte)(255 - t * (255 - 107)));
    }
}
