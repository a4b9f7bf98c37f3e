using System.Globalization;

namespace Hades.Host.Telemetry;

/// <summary>Reads samples out of a Prometheus text scrape (what <c>--metrics-port</c> serves: one sample a line,
/// <c>name{labels} value [timestamp]</c>, comments starting with <c>#</c>).</summary>
public static class PrometheusScrape
{
    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels hold every one of
    /// <paramref name="labels"/> (e.g. <c>kind="candidates"</c>); 0 when there is none yet (a counter appears at its
    /// first increment).</summary>
    public static double Sum(string scrape, string metric, params string[] labels)
    {
        double sum = 0;
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length) continue;
            char next = line[metric.Length];
            if (next != '{' && next != ' ') continue; // another metric whose name starts with this one
            int labelsEnd = next == '{' ? line.LastIndexOf('}') : metric.Length - 1;
            if (labelsEnd < 0) continue;
            string labelText = line[metric.Length..(labelsEnd + 1)];
            if (!labels.All(l => labelText.Contains(l, StringComparison.Ordinal))) continue;
            var rest = line[(labelsEnd + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rest.Length > 0 && double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) sum += value;
        }
        return sum;
    }
}
