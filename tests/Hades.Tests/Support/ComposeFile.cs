using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Hades.Tests.Support;

/// <summary>One service of a compose file as Compose would run it: the full argument vector (image entrypoint
/// or the service's <c>entrypoint</c>, then its <c>command</c>), its environment and its healthcheck command.</summary>
public sealed record ComposeService(string Name, IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> Environment,
    string? HealthcheckShell, IReadOnlyList<string> DependsOn, bool Built);

/// <summary>
/// Reads docker-compose.yml the way Compose does for what this project uses: list-form entrypoint/command,
/// environment maps, CMD-SHELL healthchecks, depends_on maps, and <c>$</c> interpolation, where <c>$$</c> is a
/// literal <c>$</c>. A lone <c>$</c> is an error here as in Compose (we set no variables).
/// </summary>
public static class ComposeFile
{
    public static IReadOnlyDictionary<string, ComposeService> Read(string composePath, string dockerfilePath)
    {
        var imageEntrypoint = DockerfileEntrypoint(dockerfilePath);
        var yaml = new YamlStream();
        using (var reader = new StreamReader(composePath)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
        var result = new Dictionary<string, ComposeService>();
        foreach (var (key, node) in services.Children)
        {
            string name = ((YamlScalarNode)key).Value!;
            var service = (YamlMappingNode)node;
            bool built = service.Children.ContainsKey(new YamlScalarNode("build"));
            var entrypoint = Strings(service, "entrypoint", name) ?? (built ? imageEntrypoint : []);
            var command = Strings(service, "command", name) ?? [];
            var environment = new Dictionary<string, string>();
            if (Child(service, "environment") is YamlMappingNode env)
                foreach (var (k, v) in env.Children) environment[((YamlScalarNode)k).Value!] = Interpolate(((YamlScalarNode)v).Value!, name);
            string? health = null;
            if (Child(service, "healthcheck") is YamlMappingNode hc && Child(hc, "test") is YamlSequenceNode test)
            {
                var parts = test.Children.Select(c => Interpolate(((YamlScalarNode)c).Value!, name)).ToArray();
                if (parts[0] == "CMD-SHELL") health = parts[1];
            }
            var dependsOn = Child(service, "depends_on") switch
            {
                YamlMappingNode m => m.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToArray(),
                YamlSequenceNode s => s.Children.Select(k => ((YamlScalarNode)k).Value!).ToArray(),
                _ => [],
            };
            result[name] = new ComposeService(name, [.. entrypoint, .. command], environment, health, dependsOn, built);
        }
        return result;
    }

    /// <summary>Compose's interpolation for a file without variables: <c>$$</c> → <c>$</c>; any other <c>$</c> is
    /// what `docker-compose config` rejects ("Invalid interpolation format").</summary>
    public static string Interpolate(string value, string service)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '$') { sb.Append(value[i]); continue; }
            if (i + 1 < value.Length && value[i + 1] == '$') { sb.Append('$'); i++; continue; }
            throw new InvalidDataException($"service {service}: Compose would interpolate the '$' in \"{value}\" (write $$ for a literal $)");
        }
        return sb.ToString();
    }

    static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    static string[]? Strings(YamlMappingNode service, string key, string name) => Child(service, key) switch
    {
        null => null,
        YamlSequenceNode seq => seq.Children.Select(c => Interpolate(((YamlScalarNode)c).Value!, name)).ToArray(),
        YamlScalarNode s => ["sh", "-c", Interpolate(s.Value!, name)],
        var other => throw new InvalidDataException($"service {name}: unexpected {key} node {other.NodeType}"),
    };

    /// <summary>The image's ENTRYPOINT (exec form) from the Dockerfile.</summary>
    static string[] DockerfileEntrypoint(string dockerfile)
    {
        var line = File.ReadLines(dockerfile).Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        return JsonSerializer.Deserialize<string[]>(line["ENTRYPOINT ".Length..])!;
    }
}
