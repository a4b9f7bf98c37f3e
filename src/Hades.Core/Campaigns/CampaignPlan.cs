using System.Text.Json.Nodes;
using Hades.Core.BehaviourDistillation;

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
    public static CampaignPlan Read(string path) => Parse(CampaignGrid.ReadRoot(path), path);

    public static CampaignPlan Parse(JsonObject root, string source)
    {
        if (DistilCampaignPlan.IsDistil(root))
            throw new HadesUserException($"{source}: a data-free distillation campaign (\"kind\": \"distil\"), not a HaDES one");
        var grid = CampaignGrid.Expand(root, source);
        var experiments = new List<CampaignExperiment>();
        foreach (var (experimentName, given) in grid.Points)
        {
            // the task's preset first, then what the file says
            string task = given["task"] is JsonValue t && t.TryGetValue<string>(out var taskName) ? taskName : new HadesConfig().Task;
            // "preset": "paper" in the file selects the paper's settings for the experiment's task (and method)
            string preset = given["preset"] is JsonValue p && p.TryGetValue<string>(out var presetName) ? presetName : BehaviourDistillation.TaskPresets.Quick;
            string method = given["method"] is JsonValue m && m.TryGetValue<string>(out var methodName) ? methodName : new HadesConfig().Method;
            HadesConfig presetConfig;
            try { presetConfig = BehaviourDistillation.TaskPresets.For(task, preset, method); }
            catch (HadesUserException e) { throw new HadesUserException($"{source} ({experimentName}): {e.Message}"); }
            var merged = JsonNode.Parse(presetConfig.ToJson())!.AsObject();
            foreach (var (key, value) in given) merged[key] = value?.DeepClone();
            HadesConfig config;
            try { config = HadesConfig.FromJson(merged.ToJsonString(), $"{source} ({experimentName})").Validate(); }
            catch (HadesUserException e) when (!e.Message.StartsWith(source)) { throw new HadesUserException($"{source} ({experimentName}): {e.Message}"); }
            experiments.Add(new CampaignExperiment(experimentName, config));
        }
        return new CampaignPlan(grid.Name, experiments);
    }
}
