using System.Reflection;
using System.Text.Json;

namespace Hades.Core.BehaviourDistillation;

/// <summary>
/// Upper bounds for every size of a HaDES config, whether it comes from a flag, config.json or a campaign file, and
/// finiteness of every number: far beyond any experiment of the paper, low enough that a typo (an extra few zeros)
/// is refused at once instead of allocating until the process is killed. Whether a config within these bounds
/// fits the machine is <see cref="MemoryEstimate"/>'s question. Every int and double property is checked, so fields
/// added later are covered (ints by <see cref="DefaultIntLimit"/> unless listed).
/// </summary>
public static class ConfigLimits
{
    public const int DefaultIntLimit = 100_000_000;
    public const int MaxHiddenLayers = 16;
    public const int MaxHiddenWidth = 16_384;

    /// <summary>The documented bounds (README, "Guarantees"), by config.json key.</summary>
    public static readonly IReadOnlyDictionary<string, int> IntLimits = new Dictionary<string, int>
    {
        ["population_size"] = 1_000_000,
        ["dataset_size"] = 100_000,
        ["inner_steps"] = 1_000_000,
        ["episodes"] = 10_000,
        ["inits"] = 4_096,
        ["eval_policies"] = 10_000,
        ["batch_size"] = 1_000_000,
        ["max_batches_in_flight"] = 1_024,
        ["images_per_class"] = 1_000,
        ["generations"] = 10_000_000,
        ["final_eval_episodes"] = 100_000,
    };

    public static void Check(HadesConfig config)
    {
        foreach (var property in typeof(HadesConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is not null) continue;
            string key = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            switch (property.GetValue(config))
            {
                case int value:
                    int limit = IntLimits.GetValueOrDefault(key, DefaultIntLimit);
                    if (value > limit) throw new HadesUserException($"{key.Replace('_', '-')} {value} is above the limit of {limit}");
                    break;
                case double value when !double.IsFinite(value):
                    throw new HadesUserException($"{key.Replace('_', '-')} must be a finite number (got {value})");
                case float value when !float.IsFinite(value):
                    throw new HadesUserException($"{key.Replace('_', '-')} must be a finite number (got {value})");
            }
        }
        if (config.Hidden.Length > MaxHiddenLayers)
            throw new HadesUserException($"hidden has {config.Hidden.Length} layers, above the limit of {MaxHiddenLayers}");
        if (config.Hidden.FirstOrDefault(h => h > MaxHiddenWidth) is int wide and > 0)
            throw new HadesUserException($"hidden width {wide} is above the limit of {MaxHiddenWidth}");
    }
}
