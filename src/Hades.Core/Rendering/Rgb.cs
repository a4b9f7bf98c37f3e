using SkiaSharp;

namespace Hades.Core.Rendering;

/// <summary>An opaque 8-bit colour (the palette of the pictures; converts to SkiaSharp's and ScottPlot's colours).</summary>
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

    public SKColor ToSkia() => new(R, G, B);

    public ScottPlot.Color ToScottPlot() => new(R, G, B);
}
