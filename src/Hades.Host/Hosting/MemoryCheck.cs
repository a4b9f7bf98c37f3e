using Hades.Core.BehaviourDistillation;

namespace Hades.Host.Hosting;

/// <summary>The memory check of a command, before it allocates: <see cref="MemoryEstimate"/> against MemAvailable.
/// <c>HADES_MEMORY_AVAILABLE_BYTES</c> stands in for MemAvailable (tests use it to refuse a config deterministically).</summary>
public static class MemoryCheck
{
    public const string OverrideVariable = "HADES_MEMORY_AVAILABLE_BYTES";

    public static void Hades(HadesConfig config) => MemoryEstimate.Check(config, Available());

    static double? Available() =>
        Environment.GetEnvironmentVariable(OverrideVariable) is { } text && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out double bytes)
            ? bytes
            : MemoryEstimate.AvailableBytes();
}
