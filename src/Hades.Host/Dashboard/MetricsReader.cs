using System.Globalization;
using Hades.Core.Runs;

namespace Hades.Host.Dashboard;

/// <summary>Reads metrics.csv (<see cref="RunMetricsWriter.Header"/>); lines that do not parse are skipped,
/// so a file from another version or a hand edit never breaks the dashboard.</summary>
public static class MetricsReader
{
    public static IReadOnlyList<GenerationRecord> Read(string metricsFile)
    {
        string[] lines;
        try { lines = File.ReadAllLines(metricsFile); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
        return Parse(lines);
    }

    public static IReadOnlyList<GenerationRecord> Parse(IEnumerable<string> lines)
    {
        var records = new List<GenerationRecord>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            if (f.Length < 5) continue;
            if (int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int generation)
                && TryDouble(f[1], out double mean) && TryDouble(f[2], out double max)
                && TryDouble(f[3], out double eval) && TryDouble(f[4], out double seconds))
                records.Add(new GenerationRecord(generation, mean, max, eval, seconds,
                    f.Length > 5 && long.TryParse(f[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out long steps) ? steps : 0));
        }
        return records;
    }

    static bool TryDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
