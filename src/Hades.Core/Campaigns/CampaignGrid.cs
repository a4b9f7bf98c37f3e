using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hades.Core.Campaigns;

/// <summary>
/// The experiment list of a campaign file, before it becomes configs: "base" merged with each "grid" point
/// (cartesian product, last key varying fastest, named like <c>seed0-moder</c>) and then with each listed
/// "experiments" entry (named by its "name", else <c>experiment{i}</c>). A listed entry may hold its own "grid":
/// it then stands for one experiment per point of that grid, named <c>&lt;name&gt;-&lt;point&gt;</c> (e.g.
/// <c>expert-taskcartpole-seed0</c>); the entry's name is the group's name (see <see cref="CampaignPointOrigin"/>). Shared by HaDES campaigns
/// (<see cref="CampaignPlan"/>) and data-free distillation campaigns (<see cref="DistilCampaignPlan"/>).
/// </summary>
public sealed record CampaignGrid(string Name, IReadOnlyList<(string Name, JsonObject Settings)> Points)
{
    /// <summary>Where each point came from, in the order of <see cref="Points"/>: the listed experiment whose own
    /// "grid" it expands (null for the top-level grid and for plain listed experiments) and the grid values that
    /// made it (key → value text; empty for a plain listed experiment).</summary>
    public IReadOnlyList<CampaignPointOrigin> Origins { get; init; } = [];

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
        var origins = new List<CampaignPointOrigin>();
        if (root["grid"] is JsonObject grid && grid.Count > 0)
            foreach (var (pointName, settings, values) in Product(grid, source, "grid"))
            {
                points.Add((pointName, settings));
                origins.Add(new CampaignPointOrigin(null, values) { OwnKeys = settings.Select(kv => kv.Key).ToHashSet() });
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
                if (own["grid"] is { } ownGrid)
                {
                    // a listed experiment with its own grid: one experiment per point, named <name>-<point>
                    own.Remove("grid");
                    if (ownGrid is not JsonObject ownGridObject || ownGridObject.Count == 0)
                        throw new HadesUserException($"{source}: experiments[{i}] \"grid\" must be a non-empty object of lists");
                    foreach (var (pointName, pointSettings, values) in Product(ownGridObject, source, $"experiments[{i}] grid"))
                    {
                        var expanded = own.DeepClone().AsObject();
                        foreach (var (key, value) in pointSettings) expanded[key] = value?.DeepClone();
                        points.Add((Sanitise(experimentName) + "-" + pointName, expanded));
                        origins.Add(new CampaignPointOrigin(Sanitise(experimentName), values) { OwnKeys = expanded.Select(kv => kv.Key).ToHashSet() });
                    }
                    continue;
                }
                points.Add((Sanitise(experimentName), own));
                origins.Add(new CampaignPointOrigin(null, new Dictionary<string, string>()) { OwnKeys = own.Select(kv => kv.Key).ToHashSet() });
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
        return new CampaignGrid(name, merged) { Origins = origins };
    }

    /// <summary>The cartesian product of a grid object (last key varying fastest): point name, settings, values.</summary>
    static List<(string Name, JsonObject Settings, IReadOnlyDictionary<string, string> Values)> Product(JsonObject grid, string source, string what)
    {
        IEnumerable<List<(string Key, JsonNode? Value)>> product = [[]];
        foreach (var (key, values) in grid)
        {
            if (values is not JsonArray array || array.Count == 0)
                throw new HadesUserException($"{source}: {what} \"{key}\" must be a non-empty list");
            product = product.SelectMany(prefix => array.Select(value => prefix.Append((key, value)).ToList())).ToList();
        }
        var points = new List<(string, JsonObject, IReadOnlyDictionary<string, string>)>();
        foreach (var combination in product)
        {
            var settings = new JsonObject();
            foreach (var (key, value) in combination) settings[key] = value?.DeepClone();
            points.Add((string.Join("-", combination.Select(c => Sanitise(c.Key.Replace("_", "") + ValueText(c.Value)))), settings,
                combination.ToDictionary(c => c.Key, c => ValueText(c.Value))));
        }
        return points;
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

/// <summary>Where an expanded experiment came from: the group (a listed experiment with its own grid) and its grid
/// values (key → value as text), used to resolve "needs" on a group name.</summary>
public sealed record CampaignPointOrigin(string? Group, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The keys the point set itself (its entry and grid values), as opposed to those inherited from "base".</summary>
    public IReadOnlySet<string> OwnKeys { get; init; } = new HashSet<string>();
}
