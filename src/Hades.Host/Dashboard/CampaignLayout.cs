using System.Text.Json.Nodes;
using Hades.Core;
using Hades.Core.Campaigns;

namespace Hades.Host.Dashboard;

/// <summary>One experiment of a campaign as its campaign.json plans it: name (its run dir), kind, stage (the listed
/// experiment whose grid made it, else its kind), the experiments it needs, and the key of its seed group (its
/// settings without the seed: experiments with equal keys are seeds of one experiment).</summary>
public sealed record PlannedExperiment(string Name, string Kind, string Stage, IReadOnlyList<string> Needs, string SeedGroup);

/// <summary>
/// Reads a campaign folder's plan for the dashboard: the experiments of campaign.json in file order, of any kind
/// (HaDES, PPO, distil, zero-shot, generalise; a <c>"kind": "distil"</c> campaign's all distil). Only the file's
/// expansion is read (<see cref="CampaignGrid"/>), not the configs, so a plan whose presets changed since still
/// lists. A campaign.json that cannot be read gives the sub-folders holding a run instead.
/// </summary>
public static class CampaignLayout
{
    public static IReadOnlyList<PlannedExperiment> Read(string campaignFolder, Func<string, bool> isRun)
    {
        try
        {
            var root = CampaignGrid.ReadRoot(Path.Combine(campaignFolder, "campaign.json"));
            bool distil = DistilCampaignPlan.IsDistil(root);
            var grid = CampaignGrid.Expand(root, "campaign.json", "parallel", "kind");
            return grid.Points.Select((point, i) =>
            {
                var settings = point.Settings;
                string kind = distil ? DistilCampaignPlan.Kind : Text(settings["kind"]) ?? CampaignStageKind.Hades;
                var needs = settings["needs"] is JsonArray a ? a.Select(n => Text(n)).OfType<string>().ToList() : [];
                return new PlannedExperiment(point.Name, kind, grid.Origins[i].Group ?? kind, needs, SeedGroupKey(kind, settings));
            }).ToList();
        }
        catch (Exception e) when (e is HadesUserException or IOException or UnauthorizedAccessException)
        {
            return Children(campaignFolder).Where(isRun)
                .Select(f => new PlannedExperiment(Path.GetFileName(f), "run", "runs", [], Path.GetFileName(f))).ToList();
        }
    }

    /// <summary>The settings that make an experiment, seed left out, as one canonical JSON text.</summary>
    static string SeedGroupKey(string kind, JsonObject settings)
    {
        var key = new JsonObject { ["kind"] = kind };
        foreach (var (name, value) in settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            if (name != "seed") key[name] = value?.DeepClone();
        return key.ToJsonString();
    }

    static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    static IEnumerable<string> Children(string folder)
    {
        try { return Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal).ToArray(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
