using SkiaSharp;

namespace Hades.Core.Rendering;

/// <summary>
/// The typeface of every picture and plot: DejaVu Sans (Debian's <c>fonts-dejavu-core</c>, which <c>.ci/run</c>
/// installs), else Liberation Sans or any sans-serif face SkiaSharp's font manager finds, else SkiaSharp's default
/// typeface (on a machine without fonts that draws no text, but every picture is still written).
/// </summary>
public static class Typefaces
{
    static readonly string[] Families = ["DejaVu Sans", "Liberation Sans", "sans-serif"];
    static readonly string[] Files =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ];

    static readonly Lazy<SKTypeface> LazySans = new(Find);

    /// <summary>The sans-serif face used for all text.</summary>
    public static SKTypeface Sans => LazySans.Value;

    /// <summary>Its family name, as ScottPlot's font settings take it.</summary>
    public static string SansFamily => Sans.FamilyName;

    static SKTypeface Find()
    {
        foreach (var family in Families)
        {
            var face = SKFontManager.Default.MatchFamily(family);
            if (face is not null && face.GlyphCount > 0 && face.FamilyName.Contains("Sans", StringComparison.OrdinalIgnoreCase)) return face;
        }
        foreach (var file in Files)
            if (File.Exists(file) && SKTypeface.FromFile(file) is { } face) return face;
        return SKTypeface.Default;
    }
}
