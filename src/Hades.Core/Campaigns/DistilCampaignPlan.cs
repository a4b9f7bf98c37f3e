using System.Text.Json.Nodes;
using Hades.Core.DataFree;

namespace Hades.Core.Campaigns;

/// <summary>One experiment of a data-free distillation campaign: its name (also its run dir's name) and config.</summary>
public sealed record DistilCampaignExperiment(string Name, DistilConfig Config);

/// <summary>
/// A campaign file of data-free distillation runs: a campaign file (same name/base/grid/experiments expansion as
/// <see cref="CampaignPlan"/>, see <see cref="CampaignGrid"/>) marked <c>"kind": "distil"</c> at the top level or in
/// "base", whose settings are the keys of distil.json (<see cref="DistilConfig"/>):
/// <code>
/// {
///   "name": "data-free-cartpole", "kind": "distil",
///   "base": { "task": "cartpole", "steps": 2000 },
///   "grid": { "method": ["gas", "uniform", "rollouts"], "seed": [0, 1, 2] }
/// }
/// </code>
/// </summary>
public sealed record DistilCampaignPlan(string Name, IReadOnlyList<DistilCampaignExperiment> Experiments)
{
    public const string Kind = "distil";

    /// <summary>Whether a campaign file's root says <c>"kind": "distil"</c> (at the top level or in "base").</summary>
    public static bool IsDistil(JsonObject root) =>
        IsDistilKind(root["kind"]) || (root["base"] is JsonObject b && IsDistilKind(b["kind"]));

    static bool IsDistilKind(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s == Kind;

    public static bool IsDistilFile(string path) => IsDistil(CampaignGrid.ReadRoot(path));

    public static DistilCampaignPlan Read(string path) => Parse(CampaignGrid.ReadRoot(path), path);

    public static DistilCampaignPlan Parse(JsonObject root, string source)
    {
        if (root["kind"] is { } kind && !IsDistilKind(kind))
            throw new HadesUserException($"{source}: unknown campaign kind {kind.ToJsonString()} (\"distil\", or leave it out for a HaDES campaign)");
        var grid = CampaignGrid.Expand(root, source, "kind");
        var experiments = new List<DistilCampaignExperiment>();
        foreach (var (experimentName, settings) in grid.Points)
        {
            if (settings["kind"] is { } own && !IsDistilKind(own))
                throw new HadesUserException($"{source} ({experimentName}): a distillation campaign cannot hold \"kind\": {own.ToJsonString()}");
            settings.Remove("kind");
            // the family's preset first, then what the file says
            string task = settings["task"] is JsonValue t && t.TryGetValue<string>(out var taskName) ? taskName : new DistilConfig().Task;
            string method = settings["method"] is JsonValue m && m.TryGetValue<string>(out var methodName) ? methodName : new DistilConfig().Method;
            var merged = JsonNode.Parse(DataFree.DistilPresets.For(task, method).ToJson())!.AsObject();
            foreach (var (key, value) in settings) merged[key] = value?.DeepClone();
            DistilConfig config;
            try { config = DistilConfig.FromJson(merged.ToJsonString(), $"{source} ({experimentName})").Validate(); }
            catch (HadesUserException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal)) { throw new HadesUserException($"{source} ({experimentName}): {e.Message}"); }
            experiments.Add(new DistilCampaignExperiment(experimentName, config));
        }
        return new DistilCampaignPlan(grid.Name, experiments);
    }
}
