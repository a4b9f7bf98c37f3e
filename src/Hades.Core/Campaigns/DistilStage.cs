using System.Text.Json.Nodes;
using Hades.Core.DataFree;

namespace Hades.Core.Campaigns;

/// <summary>A distil campaign experiment's distil.json: the family's preset, then the file's keys; the teacher is the
/// run dir of the PPO experiment it needs (or the file's "teacher", or the default teacher when it needs none).</summary>
public static class DistilStage
{
    public static DistilConfig Build(JsonObject settings, string? teacherDir, string where)
    {
        string task = settings["task"] is JsonValue t && t.TryGetValue<string>(out var taskName) ? taskName : new DistilConfig().Task;
        string method = settings["method"] is JsonValue m && m.TryGetValue<string>(out var methodName) ? methodName : new DistilConfig().Method;
        var merged = JsonNode.Parse(DistilPresets.For(task, method).ToJson())!.AsObject();
        foreach (var (key, value) in settings) merged[key] = value?.DeepClone();
        if (teacherDir != null) merged["teacher"] = teacherDir;
        try { return DistilConfig.FromJson(merged.ToJsonString(), where).Validate(); }
        catch (HadesUserException e) when (!e.Message.StartsWith(where, StringComparison.Ordinal)) { throw new HadesUserException($"{where}: {e.Message}"); }
    }
}
