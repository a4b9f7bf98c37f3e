using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hades.Core.Storage;

/// <summary>
/// The canonical hash of a settings file (config.json, ppo.json, distil.json, campaign.json): the JSON document as
/// written, with object keys sorted and whitespace dropped, so reformatting keeps the hash and any edited value (or a
/// repeated key) changes or refuses it. It is taken over the file's own text, not a re-serialised config, so fields a
/// newer binary adds with defaults do not change the hash of an older run. <c>ignoredKeys</c> (top level) are left out:
/// a HaDES run's budget (<c>generations</c>) may grow through <c>hades resume --generations</c> and is journalled apart.
/// </summary>
public static class ConfigHash
{
    public static string Of(string json, string source, params string[] ignoredKeys)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }); }
        catch (JsonException e) { throw new HadesUserException($"{source}: not valid JSON ({e.Message.Split('\n')[0]})"); }
        if (node is JsonObject top)
            foreach (var key in ignoredKeys) top.Remove(key);
        var text = new StringBuilder();
        Canonical(node, text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string OfFile(string path, params string[] ignoredKeys) => Of(File.ReadAllText(path), path, ignoredKeys);

    static void Canonical(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case JsonObject o:
                text.Append('{');
                bool first = true;
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    text.Append(JsonSerializer.Serialize(key)).Append(':');
                    Canonical(value, text);
                }
                text.Append('}');
                break;
            case JsonArray a:
                text.Append('[');
                for (int i = 0; i < a.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    Canonical(a[i], text);
                }
                text.Append(']');
                break;
            case null:
                text.Append("null");
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }
}
