using System.Text.Json;
using System.Text.Json.Nodes;
using Hades.Core.Storage;

namespace Hades.Core.Runs;

/// <summary>
/// The settings that define a finished run's experiment, so that reports keep seeds of one experiment together and
/// runs of different settings apart: the run dir's settings file (<c>config.json</c>, <c>ppo.json</c> or
/// <c>distil.json</c>) as written, without the seed (at any depth) and without the fields that only steer how the
/// run is executed (<see cref="RunLocalKeys"/>), flattened to dotted keys (<c>ppo.hidden</c>) with their JSON values,
/// and the canonical hash of that (<see cref="ConfigHash"/>). A field the file lacks (it was written by a build that did
/// not know the field) counts as the value the code gives it when it reads the file (the settings type's default,
/// <see cref="DefaultsOf"/>), so seeds written by builds that write different fields stay one experiment when they ran
/// the same settings; two runs whose files differ in any field's value are different settings.
/// </summary>
/// <param name="Hash">The first 12 hex digits of the canonical hash; empty for a run dir without a settings file.</param>
/// <param name="Values">Every setting but the left-out ones: dotted key → compact JSON value (strings unquoted, also
/// inside arrays; an empty string reads "(empty)").</param>
public sealed record RunSettings(string Hash, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>A run dir with no settings file (e.g. a copied summary.json): one group of its own.</summary>
    public static readonly RunSettings None = new("", new Dictionary<string, string>());

    /// <summary>The settings file of each kind of run, in the order they are looked for.</summary>
    public static readonly IReadOnlyList<string> SettingsFiles = ["config.json", Baselines.Ppo.PpoRunFile.FileName, DistilRunFile.FileName];

    /// <summary>Left out of the settings: the seed (any depth), how often snapshots are taken and how many work
    /// batches may be in flight (neither changes any result).</summary>
    public static readonly IReadOnlyList<string> RunLocalKeys = ["seed", "snapshot_every", "max_batches_in_flight"];

    /// <summary>The settings of <paramref name="runDir"/>, or <see cref="None"/> when it holds no settings file; a
    /// settings file that is not a JSON object is a user error naming it.</summary>
    public static RunSettings Read(string runDir)
    {
        var file = SettingsFiles.Select(f => Path.Combine(runDir, f)).FirstOrDefault(File.Exists);
        return file is null ? None : Of(File.ReadAllText(file), file, DefaultsOf(Path.GetFileName(file)));
    }

    /// <summary>The settings in a settings file's text; <paramref name="source"/> names it in errors. With
    /// <paramref name="defaults"/> (a settings document of the file's kind), a field the text lacks takes its value
    /// from there, at any depth.</summary>
    public static RunSettings Of(string json, string source, JsonObject? defaults = null)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }); }
        catch (JsonException e) { throw new HadesUserException($"{source}: not valid JSON ({e.Message.Split('\n')[0]})"); }
        if (node is not JsonObject settings) throw new HadesUserException($"{source}: not a settings object");
        if (defaults is not null) FillMissing(settings, defaults);
        DropRunLocal(settings);
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(settings, "", values);
        return new RunSettings(ConfigHash.Of(settings.ToJsonString(), source)[..12], values);
    }

    /// <summary>
    /// For settings that share everything else (a report's task, method and budget): per entry, the settings in which
    /// they differ, as "key=value, …" (<c>preset</c> first, then by key; at most <paramref name="maxKeys"/>, then
    /// "+N more"; a key one of them lacks reads "key=–"). Empty for every entry when all are the same settings.
    /// </summary>
    public static IReadOnlyList<string> DifferingLabels(IReadOnlyList<RunSettings> settings, int maxKeys = 4)
    {
        if (settings.Select(s => s.Hash).Distinct(StringComparer.Ordinal).Count() < 2) return settings.Select(_ => "").ToList();
        var differing = settings.SelectMany(s => s.Values.Keys).Distinct(StringComparer.Ordinal)
            .Where(key => settings.Select(s => s.Values.GetValueOrDefault(key)).Distinct(StringComparer.Ordinal).Count() > 1)
            .OrderBy(key => key == "preset" ? 0 : 1).ThenBy(key => key, StringComparer.Ordinal)
            .ToList();
        return settings.Select(s =>
        {
            if (differing.Count == 0) return $"settings {s.Hash}"; // cannot happen for different hashes; named rather than blank
            var shown = differing.Take(maxKeys).Select(key => $"{key}={s.Values.GetValueOrDefault(key) ?? "–"}");
            string more = differing.Count > maxKeys ? $", +{differing.Count - maxKeys} more" : "";
            return string.Join(", ", shown) + more;
        }).ToList();
    }

    /// <summary>What the code reads for a field a settings file of this name lacks: the file as the settings type
    /// writes it with every field at its default (the type's initialisers: config.json <see cref="HadesConfig"/>,
    /// ppo.json <see cref="Baselines.Ppo.PpoRunFile"/>, distil.json <see cref="DataFree.DistilConfig"/>).</summary>
    public static JsonObject DefaultsOf(string settingsFile) => (JsonNode.Parse(settingsFile switch
    {
        "config.json" => new BehaviourDistillation.HadesConfig().ToJson(),
        Baselines.Ppo.PpoRunFile.FileName => new Baselines.Ppo.PpoRunFile(new Baselines.Ppo.PpoConfig(), Iterations: 0).ToJson(),
        DistilRunFile.FileName => new DataFree.DistilConfig().ToJson(),
        _ => throw new ArgumentException($"not a settings file: {settingsFile}", nameof(settingsFile)),
    }) as JsonObject)!;

    /// <summary>Adds to <paramref name="settings"/> every field of <paramref name="defaults"/> it lacks (inside objects
    /// both have too).</summary>
    static void FillMissing(JsonObject settings, JsonObject defaults)
    {
        foreach (var (key, value) in defaults)
        {
            if (!settings.TryGetPropertyValue(key, out var present)) settings[key] = value?.DeepClone();
            else if (present is JsonObject inner && value is JsonObject innerDefaults) FillMissing(inner, innerDefaults);
        }
    }

    static void DropRunLocal(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in RunLocalKeys) o.Remove(key);
                foreach (var (_, value) in o) DropRunLocal(value);
                break;
            case JsonArray a:
                foreach (var item in a) DropRunLocal(item);
                break;
        }
    }

    static void Flatten(JsonObject o, string prefix, IDictionary<string, string> values)
    {
        foreach (var (key, value) in o)
        {
            string name = prefix + key;
            if (value is JsonObject inner) Flatten(inner, name + ".", values);
            // strings unquoted, arrays without their strings' quotes: labels go into quoted CSV cells
            else values[name] = value is JsonValue v && v.TryGetValue<string>(out var text) ? (text.Length > 0 ? text : "(empty)")
                : value?.ToJsonString().Replace("\"", "") ?? "null";
        }
    }
}
