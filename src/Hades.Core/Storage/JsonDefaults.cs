using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hades.Core.Storage;

/// <summary>The shared <see cref="JsonSerializerOptions"/> of the JSON files Hades reads and writes.</summary>
public static class JsonDefaults
{
    /// <summary>Small indented files for people (teacher info and the like).</summary>
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Settings files (config.json, ppo.json, distil.json): snake_case keys; an unknown or repeated key
    /// is an error, so what is read is exactly what the file says.</summary>
    public static readonly JsonSerializerOptions Settings = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };
}
