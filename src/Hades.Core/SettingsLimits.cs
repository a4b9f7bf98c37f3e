using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hades.Core;

/// <summary>
/// Upper bounds and finiteness of the numbers of any settings record (HaDES config, PPO config, distillation config):
/// every public int, long, float, double and int[] property is checked, so fields added later are covered. Ints and
/// longs use the limit listed for their snake_case key, else <see cref="DefaultLimit"/>; int arrays (hidden widths)
/// at most <see cref="MaxLayers"/> entries of at most <see cref="MaxWidth"/>.
/// </summary>
public static class SettingsLimits
{
    public const long DefaultLimit = 100_000_000;
    public const int MaxLayers = 16;
    public const int MaxWidth = 16_384;

    public static void Check(object settings, IReadOnlyDictionary<string, long> limits)
    {
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetCustomAttribute<JsonIgnoreAttribute>() is not null) continue;
            string key = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            string name = key.Replace('_', '-');
            switch (property.GetValue(settings))
            {
                case int value when value > limits.GetValueOrDefault(key, DefaultLimit):
                    throw new HadesUserException($"{name} {value} is above the limit of {limits.GetValueOrDefault(key, DefaultLimit)}");
                case long value when value > limits.GetValueOrDefault(key, DefaultLimit):
                    throw new HadesUserException($"{name} {value} is above the limit of {limits.GetValueOrDefault(key, DefaultLimit)}");
                case double value when !double.IsFinite(value):
                    throw new HadesUserException($"{name} must be a finite number (got {value})");
                case float value when !float.IsFinite(value):
                    throw new HadesUserException($"{name} must be a finite number (got {value})");
                case int[] values:
                    if (values.Length > MaxLayers) throw new HadesUserException($"{name} has {values.Length} entries, above the limit of {MaxLayers}");
                    if (values.FirstOrDefault(v => v > MaxWidth) is int wide and > 0)
                        throw new HadesUserException($"{(key == "hidden" ? "hidden width" : name)} {wide} is above the limit of {MaxWidth}");
                    break;
            }
        }
    }
}
