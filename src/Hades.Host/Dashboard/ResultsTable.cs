using System.Text;

namespace Hades.Host.Dashboard;

/// <summary>A CSV file as the campaign page shows it: the header's columns and the rows, every cell as text.</summary>
public sealed record ResultsTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Reads a campaign's results.csv (null when it is not there or cannot be read).</summary>
    public static ResultsTable? Read(string file)
    {
        string text;
        try { text = File.ReadAllText(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return null;
        return new ResultsTable(Split(lines[0]), lines.Skip(1).Select(Split).ToList());
    }

    /// <summary>One CSV line's fields; a field in double quotes may hold commas and doubled quotes.</summary>
    public static IReadOnlyList<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
