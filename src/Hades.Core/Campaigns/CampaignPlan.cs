using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hades.Core.Distillation;

namespace Hades.Core.Campaigns;

/// <summary>One experiment of a campaign: a name (also its run dir's name) and a full config.</summary>
public sealed record CampaignExperiment(string Name, HadesConfig Config);

/// <summary>
/// A campaign file: a queue of experiments (tasks × seeds × methods × settings). Format (JSON):
/// <code>
/// {
///   "name": "cartpole-seeds",
///   "base": { "task": "cartpole", "generations": 20 },          // any config.json keys
///   "grid": { "seed": [0, 1, 2], "mode": ["R", "F"] },           // cartesian product over these keys
///   "experiments": [ { "task": "acrobot", "dataset_size": 6 } ]  // optional extra single experiments
/// }
/// </code>
/// Experiments run in file order: the grid (last key varying fastest), then the listed ones.
/// </summary>
public sealed record CampaignPlan(string Name, IReadOnlyList<CampaignExperiment> Experiments)
{
    public static CampaignPlan Read(string path)
    {
        if (!File.Exists(path)) throw new HadesUserException($"campaign file not found: {path}");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new HadesUserException($"{path}: not a JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new HadesUserException($"{path}: not valid JSON ({e.Message.Split('\n')[0]})");
        }
        return Parse(root, path);
    }

    public static CampaignPlan Parse(JsonObject root, string source)
    {
        foreach (var key in root.Select(kv => kv.Key))
            if (key is not ("name" or "base" or "grid" or "experiments"))
                throw new HadesUserException($"{source}: unknown key \"{key}\" (expected name, base, grid, experiments)");
        string name = root["name"] is JsonValue v && v.TryGetValue<string>(out var n) && n.Length > 0
            ? n : throw new HadesUserException($"{source}: needs a \"name\"");
        if (Sanitise(name) != name) throw new HadesUserException($"{source}: name may use letters, digits, '-', '_' and '.' only");
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
                string experimentName = own["name"]?.GetValue<string>() ?? $"experiment{i}";
                own.Remove("name");
                points.Add((Sanitise(experimentName), own));
            }
        if (points.Count == 0) throw new HadesUserException($"{source}: no experiments (give a \"grid\" or \"experiments\")");
        var experiments = new List<CampaignExperiment>();
        foreach (var (experimentName, settings) in points)
        {
            var given = baseObject.DeepClone().AsObject();
            foreach (var (key, value) in settings) given[key] = value?.DeepClone();
            // the task's preset first, then what the file says
            string task = given["task"] is JsonValue t && t.TryGetValue<string>(out var taskName) ? taskName : new HadesConfig().Task;
            var merged = JsonNode.Parse(Distillation.TaskPresets.For(task).ToJson())!.AsObject();
            foreach (var (key, value) in given) merged[key] = value?.DeepClone();
            HadesConfig config;
            try { config = HadesConfig.FromJson(merged.ToJsonString(), $"{source} ({experimentName})").Validate(); }
            catch (HadesUserException e) when (!e.Message.StartsWith(source)) { throw new HadesUserException($"{source} ({experimentName}): {e.Message}"); }
            experiments.Add(new CampaignExperiment(experimentName, config));
        }
        var duplicate = experiments.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new HadesUserException($"{source}: two experiments are named \"{duplicate.Key}\"");
        return new CampaignPlan(name, experiments);
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
