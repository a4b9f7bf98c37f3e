namespace Hades.Core.DataFree;

/// <summary>One method of a family: its config name, how results tables show it, the class that implements it,
/// the settings its preset changes (image tasks; null = none), and whether the GAS ablation knobs (λ_adv, restarts,
/// buffer) are its own and so appear in its label when they differ from the defaults.</summary>
public sealed record DistilMethodEntry<TParts, TMethod>(string Name, string Label, Func<TParts, TMethod> Create,
    Func<DistilConfig, DistilConfig>? ImagePreset = null, bool HasGasKnobs = false);

/// <summary>
/// Maps a config's <see cref="DistilConfig.Method"/> to the class that implements it, one registry per family
/// (policies, images): adding a method is one class and one line in its family's registry, and no code compares
/// method names.
/// </summary>
/// <typeparam name="TParts">What the family's methods are built from (teacher, student layout, config).</typeparam>
/// <typeparam name="TMethod">The family's method base class.</typeparam>
public sealed class DistilMethodRegistry<TParts, TMethod>(params DistilMethodEntry<TParts, TMethod>[] methods) : IDistilMethodCatalog
{
    readonly Dictionary<string, DistilMethodEntry<TParts, TMethod>> entries = methods.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The method names in registration order (as listed in error messages and help).</summary>
    public IReadOnlyList<string> Names { get; } = [.. methods.Select(m => m.Name)];

    public bool Contains(string name) => entries.ContainsKey(name);

    /// <summary>The method's instance; <paramref name="unknown"/> gives the error for a name that is not registered.</summary>
    public TMethod Create(string name, TParts parts, Func<string, IReadOnlyList<string>, string> unknown) =>
        entries.TryGetValue(name, out var entry) ? entry.Create(parts) : throw new HadesUserException(unknown(name, Names));

    public string? Label(string name) => entries.TryGetValue(name, out var e) ? e.Label : null;

    public bool HasGasKnobs(string name) => entries.TryGetValue(name, out var e) && e.HasGasKnobs;

    public DistilConfig ImagePreset(DistilConfig config) =>
        entries.TryGetValue(config.Method, out var e) && e.ImagePreset is not null ? e.ImagePreset(config) : config;
}

/// <summary>What reports and presets read of a family's methods without building one.</summary>
public interface IDistilMethodCatalog
{
    string? Label(string name);
    bool HasGasKnobs(string name);
    DistilConfig ImagePreset(DistilConfig config);
}

/// <summary>Both families' methods, for code that only knows a method's name (results tables, presets).</summary>
public static class DistilMethods
{
    static readonly IDistilMethodCatalog[] Families = [Images.ImageMethods.Registry, Policies.PolicyMethods.Registry];

    /// <summary>The method as results tables show it; an unknown name shows as itself.</summary>
    public static string Label(string method) => Families.Select(f => f.Label(method)).FirstOrDefault(l => l is not null) ?? method;

    public static bool HasGasKnobs(string method) => Families.Any(f => f.HasGasKnobs(method));

    /// <summary>The image preset's per-method schedule (generator lr, student steps per generator step).</summary>
    public static DistilConfig ImagePreset(DistilConfig config) => Images.ImageMethods.Registry.ImagePreset(config);
}
