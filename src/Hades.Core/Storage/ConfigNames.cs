using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hades.Core.Storage;

/// <summary>
/// The names a settings value of enum type <typeparamref name="T"/> has in config.json and on the command line:
/// one canonical name per value (what is written) and accepted aliases; parsing ignores case. A name that is not
/// known is a one-line <see cref="HadesUserException"/>: <c>unknown WHAT 'TEXT' (expected A, B or C)</c>.
/// </summary>
public sealed class ConfigNames<T> where T : struct, Enum
{
    readonly string what;
    readonly (T Value, string Name)[] canonical;
    readonly Dictionary<string, T> accepted = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="what">The setting as error messages name it (e.g. "mode", "fitness-protocol").</param>
    public ConfigNames(string what, params (T Value, string Name, string[] Aliases)[] names)
    {
        this.what = what;
        canonical = [.. names.Select(n => (n.Value, n.Name))];
        foreach (var (value, name, aliases) in names)
            foreach (var text in aliases.Prepend(name)) accepted.Add(text, value);
    }

    public IReadOnlyList<string> Names => [.. canonical.Select(c => c.Name)];

    public string Name(T value)
    {
        foreach (var (v, name) in canonical)
            if (EqualityComparer<T>.Default.Equals(v, value)) return name;
        throw new ArgumentOutOfRangeException(nameof(value), value, $"no {what} name");
    }

    public T Parse(string text) =>
        accepted.TryGetValue(text, out var value) ? value
        : throw new HadesUserException($"unknown {what} '{text}' (expected {Expected})");

    string Expected => Names.Count == 1 ? Names[0] : $"{string.Join(", ", Names.Take(Names.Count - 1))} or {Names[^1]}";
}

/// <summary>Reads and writes an enum setting as its <see cref="ConfigNames{T}"/> name, so config.json keeps the
/// strings it always had; an unknown name is the same one-line error as on the command line.</summary>
public class ConfigNameConverter<T>(ConfigNames<T> names) : JsonConverter<T> where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? names.Parse(reader.GetString()!)
        : throw new JsonException($"expected a string ({string.Join(", ", names.Names)})");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(names.Name(value));
}
