using Hades.Core;

namespace Hades.Host.Cli;

/// <summary>
/// A command line split into positionals and <c>--name value</c> / <c>--name=value</c> options. Flags
/// (options without a value) are declared by the command. Every problem is a one-line <see cref="HadesUserException"/>.
/// </summary>
public sealed class ParsedArguments
{
    readonly Dictionary<string, string> options;
    readonly HashSet<string> used = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positionals { get; }
    public bool Help { get; }

    ParsedArguments(List<string> positionals, bool help, Dictionary<string, string> options)
    {
        Positionals = positionals; Help = help; this.options = options;
    }

    public static ParsedArguments Parse(IReadOnlyList<string> args, string command, IReadOnlySet<string> flags) =>
        Parse(args, command, flags, EmptySet);

    static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    /// <summary>As above; options in <paramref name="optionalNumber"/> (such as <c>--dashboard [PORT]</c>) take the
    /// next argument as their value only when it is a non-negative integer, and read as "" when given bare.</summary>
    public static ParsedArguments Parse(IReadOnlyList<string> args, string command, IReadOnlySet<string> flags, IReadOnlySet<string> optionalNumber)
    {
        var positionals = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        bool help = false;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a is "-h" or "--help") { help = true; continue; }
            if (!a.StartsWith("--") || a == "--")
            {
                if (a.StartsWith('-') && a.Length > 1 && !double.TryParse(a, out _))
                    throw new HadesUserException($"unknown option '{a}' for 'hades {command}' (see hades {command} --help)");
                positionals.Add(a);
                continue;
            }
            string name = a[2..], value;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (flags.Contains(name)) value = "true";
            else if (optionalNumber.Contains(name))
                value = i + 1 < args.Count && args[i + 1].Length > 0 && args[i + 1].All(char.IsAsciiDigit) ? args[++i] : "";
            else
            {
                if (i + 1 >= args.Count) throw new HadesUserException($"option --{name} needs a value");
                value = args[++i];
            }
            if (!options.TryAdd(name, value)) throw new HadesUserException($"option --{name} given twice");
        }
        return new ParsedArguments(positionals, help, options);
    }

    public bool Has(string name) => options.ContainsKey(name);

    public string? String(string name)
    {
        if (!options.TryGetValue(name, out var value)) return null;
        used.Add(name);
        return value;
    }

    public int? Int(string name)
    {
        var text = String(name);
        if (text is null) return null;
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v)
            ? v : throw new HadesUserException($"--{name} expects an integer (got '{text}')");
    }

    public ulong? ULong(string name)
    {
        var text = String(name);
        if (text is null) return null;
        return ulong.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out ulong v)
            ? v : throw new HadesUserException($"--{name} expects a non-negative integer (got '{text}')");
    }

    public double? Double(string name)
    {
        var text = String(name);
        if (text is null) return null;
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new HadesUserException($"--{name} expects a number (got '{text}')");
    }

    public int[]? IntList(string name)
    {
        var text = String(name);
        if (text is null) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], System.Globalization.CultureInfo.InvariantCulture, out values[i]))
                throw new HadesUserException($"--{name} expects comma-separated integers such as 64,64 (got '{text}')");
        return values;
    }

    /// <summary>`--final-eval-episodes N` of run, resume and seed: default 100, 0 skips the final evaluation.</summary>
    public int FinalEvalEpisodes(int fallback = 100)
    {
        int episodes = Int("final-eval-episodes") ?? fallback;
        return episodes >= 0 ? episodes : throw new HadesUserException("--final-eval-episodes must be ≥ 0");
    }

    /// <summary>`--ask-timeout S` of the cluster seeds: default 60 s.</summary>
    public TimeSpan AskTimeout()
    {
        double seconds = Double("ask-timeout") ?? 60;
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new HadesUserException("--ask-timeout must be > 0");
    }

    public bool Flag(string name) => String(name) is { } v && v is "true" or "1" or "yes";

    /// <summary>Fails on any option the command did not read (typos never pass silently).</summary>
    public void RejectUnused(string command)
    {
        var unknown = options.Keys.Where(k => !used.Contains(k)).OrderBy(k => k).FirstOrDefault();
        if (unknown != null) throw new HadesUserException($"unknown option '--{unknown}' for 'hades {command}' (see hades {command} --help)");
    }

    public void ExpectPositionals(string command, int min, int max, string usage)
    {
        if (Positionals.Count < min) throw new HadesUserException($"'hades {command}' needs {usage} (see hades {command} --help)");
        if (Positionals.Count > max) throw new HadesUserException($"unexpected argument '{Positionals[max]}' for 'hades {command}' (see hades {command} --help)");
    }
}
