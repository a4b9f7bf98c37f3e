using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hades.Core.Campaigns;

/// <summary>
/// The experiment list of a campaign file, before it becomes configs: "base" merged with each "grid" point
/// (cartesian product, last key varying fastest, named like <c>seed0-moder</c>) and then with each listed
/// "experiments" entry (named by its "name", else <c>experiment{i}</c>). Shared by HaDES campaigns
/// (<see cref="CampaignPlan"/>) and data-free distillation campaigns (<see cref="DistilCampaignPlan"/>).
/// </summary>
public sealed record CampaignGrid(string Name, IReadOnlyList<(string Name, JsonObject Settings)> Points)
{
    public static JsonObject ReadRoot(string path)
    {
        if (!File.Exists(path)) throw new HadesUserException($"campaign file not found: {path}");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new HadesUserException($"{path}: not a JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new HadesUserException($"{path}: not valid JSON ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Expands <paramref name="root"/>; keys other than name, base, grid, experiments and
    /// <paramref name="extraKeys"/> are refused.</summary>
    public static CampaignGrid Expand(JsonObject root, string source, params string[] extraKeys)
    {
        foreach (var key in root.Select(kv => kv.Key))
            if (key is not ("name" or "base" or "grid" or "experiments") && !extraKeys.Contains(key))
                throw new HadesUserException($"{source}: unknown key \"{key}\" (expected name, base, grid, experiments{string.Concat(extraKeys.Select(k => ", " + k))})");
        string name = root["name"] is JsonValue v && v.TryGetValue<string>(out var n) && n.Length > 0
            ? n : throw new HadesUserException($"{source}: needs a \"name\"");
        if (Sanitise(name) != name) throw new HadesUserException($"{source}: name may use letters, digits, '-', '_' and '.' only");
        if (root["base"] is not (null or JsonObject)) throw new HadesUserException($"{source}: \"base\" must be an object");
        var baseObject = root["base"] as JsonObject ?? new JsonObject();
        var points = new List<(string Name, JsonObject Settings)>();
        if (root["grid"] is JsonObject grid && grid.Count > 0)
        {
            IEnumerable<List<(string Key, JsonNode? Value)>> product = [[]];
            foreach (var (key, values) in grid)
            {
                if (values is not JsonArray array || array.Count == 0)
                    throw new HadesUserException($"{source}: grid \"{key}\" must be a non-empty list");
                product = product.SelectMany(prefix => array.Select(value => prefix.Append((key, value)).ToList())).ToList();
            }
            foreach (var combination in product)
            {
                var settings = new JsonObject();
                foreach (var (key, value) in combination) settings[key] = value?.DeepClone();
                points.Add((string.Join("-", combination.Select(c => Sanitise(c.Key.Replace("_", "") + ValueText(c.Value)))), settings));
            }
        }
        if (root["experiments"] is JsonArray list)
            for (int i = 0; i < list.Count; i++)
            {
                var settings = list[i] as JsonObject ?? throw new HadesUserException($"{source}: experiments[{i}] must be an object");
                var own = settings.DeepClone().AsObject();
                string experimentName = own["name"] is JsonValue nv && nv.TryGetValue<string>(out var given) ? given : $"experiment{i}";
                if (experimentName.Length == 0 || Sanitise(experimentName) != experimentName || experimentName is "." or "..")
                    throw new HadesUserException($"{source}: experiment name \"{experimentName}\" may use letters, digits, '-', '_' and '.' only (it names a run dir)");
                own.Remove("name");
                points.Add((Sanitise(experimentName), own));
            }
        if (points.Count == 0) throw new HadesUserException($"{source}: no experiments (give a \"grid\" or \"experiments\")");
        var merged = new List<(string Name, JsonObject Settings)>();
        foreach (var (experimentName, settings) in points)
        {
            var all = baseObject.DeepClone().AsObject();
            foreach (var (key, value) in settings) all[key] = value?.DeepClone();
            merged.Add((experimentName, all));
        }
        var duplicate = merged.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new HadesUserException($"{source}: two experiments are named \"{duplicate.Key}\"");
        return new CampaignGrid(name, merged);
    }

    static string ValueText(JsonNode? value) => value switch
    {
        JsonArray a => string.Join("x", a.Select(ValueText)),
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        JsonValue v => v.ToString(),
        _ => "null",
    };

    static string Sanitise(string text)
    {
        var sb = new StringBuilder();
        foreach (char c in text) sb.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        return sb.ToString();
    }
}
