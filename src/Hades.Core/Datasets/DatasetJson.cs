using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hades.Core.Datasets;

/// <summary>
/// Reads and writes <c>dataset.json</c>: <c>{"task": "...", "states": [[...], ...], "labels": [...],
/// "label_logits": [[...]] (learned labels only), "observation_size": n, "size": d}</c>; continuous-action
/// datasets have <c>"actions": [[...]]</c> instead of labels. Floats are written in
/// their shortest round-trip form, so the same dataset always gives the same bytes.
/// </summary>
public static class DatasetJson
{
    public static string Write(SyntheticDataset dataset, IReadOnlyDictionary<string, object>? extra = null)
    {
        var sb = new StringBuilder();
        sb.Append("{\n");
        sb.Append("  \"task\": ").Append(JsonSerializer.Serialize(dataset.Task)).Append(",\n");
        sb.Append("  \"size\": ").Append(dataset.Size).Append(",\n");
        sb.Append("  \"observation_size\": ").Append(dataset.ObservationSize).Append(",\n");
        sb.Append("  \"states\": ");
        AppendMatrix(sb, dataset.States);
        if (dataset.Actions is { } actions)
        {
            sb.Append(",\n  \"actions\": ");
            AppendMatrix(sb, actions);
        }
        else sb.Append(",\n  \"labels\": [").Append(string.Join(", ", dataset.Labels)).Append(']');
        if (dataset.LabelLogits is { } logits)
        {
            sb.Append(",\n  \"label_logits\": ");
            AppendMatrix(sb, logits);
        }
        if (extra != null)
            foreach (var (key, value) in extra.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                sb.Append(",\n  ").Append(JsonSerializer.Serialize(key)).Append(": ").Append(JsonSerializer.Serialize(value));
        sb.Append("\n}\n");
        return sb.ToString();
    }

    static void AppendMatrix(StringBuilder sb, float[][] rows)
    {
        sb.Append('[');
        for (int i = 0; i < rows.Length; i++)
        {
            sb.Append(i == 0 ? "\n    [" : ",\n    [");
            sb.Append(string.Join(", ", rows[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            sb.Append(']');
        }
        sb.Append(rows.Length == 0 ? "]" : "\n  ]");
    }

    /// <summary>Parses a dataset file; any structural problem becomes a one-line <see cref="HadesUserException"/>.</summary>
    public static SyntheticDataset Read(string path)
    {
        if (!File.Exists(path)) throw new HadesUserException($"dataset file not found: {path}");
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject()
                       ?? throw new HadesUserException($"{path}: not a JSON object");
            string task = root["task"]?.GetValue<string>() ?? throw new HadesUserException($"{path}: missing \"task\"");
            var states = ReadMatrix(root["states"], path, "states");
            var actions = root["actions"] is { } actionNode ? ReadMatrix(actionNode, path, "actions") : null;
            var labels = root["labels"]?.AsArray().Select(n => n!.GetValue<int>()).ToArray()
                         ?? (actions is null ? throw new HadesUserException($"{path}: missing \"labels\" (or \"actions\")") : null);
            var logits = root["label_logits"] is { } node ? ReadMatrix(node, path, "label_logits") : null;
            if (states.Length == 0) throw new HadesUserException($"{path}: \"states\" is empty");
            if (actions is not null)
            {
                if (actions.Length != states.Length)
                    throw new HadesUserException($"{path}: {states.Length} states but {actions.Length} actions");
                if (actions.Any(a => a.Length != actions[0].Length || a.Length == 0))
                    throw new HadesUserException($"{path}: actions have different lengths");
            }
            else if (labels!.Length != states.Length)
                throw new HadesUserException($"{path}: {states.Length} states but {labels.Length} labels");
            int width = states[0].Length;
            if (states.Any(s => s.Length != width)) throw new HadesUserException($"{path}: states have different lengths");
            return actions is not null
                ? new SyntheticDataset(task, states, [], null) { Actions = actions }
                : new SyntheticDataset(task, states, labels!, logits);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new HadesUserException($"{path}: not a valid dataset file ({e.Message.Split('\n')[0]})");
        }
    }

    static float Finite(float value, string path, string name) =>
        float.IsFinite(value) ? value : throw new HadesUserException($"{path}: \"{name}\" holds a non-finite number ({value})");

    static float[][] ReadMatrix(JsonNode? node, string path, string name) =>
        node?.AsArray().Select(row => row!.AsArray().Select(v => Finite(v!.GetValue<float>(), path, name)).ToArray()).ToArray()
        ?? throw new HadesUserException($"{path}: missing \"{name}\"");
}
