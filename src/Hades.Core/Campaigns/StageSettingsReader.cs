using System.Text.Json.Nodes;

namespace Hades.Core.Campaigns;

/// <summary>Reads the settings of a campaign experiment whose kind has no config file of its own (zero-shot,
/// generalise): typed keys with defaults; any key not read is refused by <see cref="RejectOthers"/>.</summary>
public sealed class StageSettingsReader(JsonObject settings, string where)
{
    readonly HashSet<string> read = [];

    JsonNode? Get(string key)
    {
        read.Add(key);
        return settings[key];
    }

    HadesUserException Bad(string key, string what) => new($"{where}: \"{key}\" must be {what}");

    public int Int(string key, int fallback) => Get(key) switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<int>(out var i) && i > 0 => i,
        _ => throw Bad(key, "a positive integer"),
    };

    public ulong ULong(string key, ulong fallback) => Get(key) switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<ulong>(out var i) => i,
        _ => throw Bad(key, "a non-negative integer"),
    };

    public double Double(string key, double fallback) => Get(key) switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<double>(out var d) && d > 0 && double.IsFinite(d) => d,
        _ => throw Bad(key, "a positive number"),
    };

    public string String(string key, string fallback) => Get(key) switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw Bad(key, "a string"),
    };

    public int[] Ints(string key, int[] fallback) => Get(key) switch
    {
        null => fallback,
        JsonArray a when a.Count > 0 && a.All(x => x is JsonValue v && v.TryGetValue<int>(out var i) && i > 0) => a.Select(x => x!.GetValue<int>()).ToArray(),
        _ => throw Bad(key, "a non-empty list of positive integers"),
    };

    public double[] Doubles(string key, double[] fallback) => Get(key) switch
    {
        null => fallback,
        JsonArray a when a.Count > 0 && a.All(x => x is JsonValue v && v.TryGetValue<double>(out var d) && d > 0) => a.Select(x => x!.GetValue<double>()).ToArray(),
        _ => throw Bad(key, "a non-empty list of positive numbers"),
    };

    public string[] Strings(string key, string[] fallback) => Get(key) switch
    {
        null => fallback,
        JsonArray a when a.Count > 0 && a.All(x => x is JsonValue v && v.TryGetValue<string>(out _)) => a.Select(x => x!.GetValue<string>()).ToArray(),
        _ => throw Bad(key, "a non-empty list of strings"),
    };

    public void RejectOthers()
    {
        var unknown = settings.Select(kv => kv.Key).FirstOrDefault(k => !read.Contains(k));
        if (unknown != null) throw new HadesUserException($"{where}: unknown key \"{unknown}\" (expected {string.Join(", ", read)})");
    }
}
