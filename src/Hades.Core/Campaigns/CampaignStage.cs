using System.Text.Json.Nodes;
using Hades.Core.BehaviourDistillation;

namespace Hades.Core.Campaigns;

/// <summary>
/// One experiment of a multi-stage campaign, any kind: its name (also its run dir's name), kind, the names of the
/// experiments it needs (resolved: grid groups already expanded), its settings as the file gives them (kind and
/// needs removed) and, for a HaDES experiment, its validated config.
/// </summary>
public sealed record CampaignStage(string Name, string Kind, IReadOnlyList<string> Needs, string SettingsJson,
    HadesConfig? Hades, CampaignPointOrigin Origin)
{
    public JsonObject Settings => JsonNode.Parse(SettingsJson)!.AsObject();

    /// <summary>What the campaign journal records for this experiment: a HaDES config's JSON (as a plain campaign
    /// always recorded it), or the kind, needs and settings of another kind.</summary>
    public string PlanJson => Hades is { } config && Kind == CampaignStageKind.Hades && Needs.Count == 0
        ? config.ToJson()
        : new JsonObject
        {
            ["kind"] = Kind,
            ["needs"] = new JsonArray(Needs.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
            ["settings"] = Hades is { } c ? JsonNode.Parse(c.ToJson()) : Settings,
        }.ToJsonString();
}
