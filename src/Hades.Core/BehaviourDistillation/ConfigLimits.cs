namespace Hades.Core.BehaviourDistillation;

/// <summary>
/// Upper bounds for every size of a HaDES config, whether it comes from a flag, config.json or a campaign file, and
/// finiteness of every number: far beyond any experiment of the paper, low enough that a typo (an extra few zeros)
/// is refused at once instead of allocating until the process is killed. Whether a config within these bounds
/// fits the machine is <see cref="MemoryEstimate"/>'s question. Every number is checked (<see cref="SettingsLimits"/>), so
/// fields added later are covered.
/// </summary>
public static class ConfigLimits
{
    public const int MaxHiddenLayers = SettingsLimits.MaxLayers;
    public const int MaxHiddenWidth = SettingsLimits.MaxWidth;

    /// <summary>The documented bounds (README, "Guarantees"), by config.json key; other ints: <see cref="SettingsLimits.DefaultLimit"/>.</summary>
    public static readonly IReadOnlyDictionary<string, long> IntLimits = new Dictionary<string, long>
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
        ["env_step_budget"] = 1_000_000_000_000_000, // 10^15: the paper's full runs take up to 7·10^10
    };

    public static void Check(HadesConfig config) => SettingsLimits.Check(config, IntLimits);
}
