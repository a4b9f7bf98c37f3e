using System.Text.Json.Serialization;
using Hades.Core.Storage;

namespace Hades.Core.BehaviourDistillation;

/// <summary>What a HaDES run evolves: a synthetic dataset (<c>hades</c>) or, as the baseline, the policy weights
/// themselves (<c>direct-es</c>).</summary>
[JsonConverter(typeof(HadesMethodJson))]
public enum HadesMethod { Hades, DirectEs }

/// <summary>The config.json / command-line names of <see cref="HadesMethod"/>.</summary>
public static class HadesMethods
{
    public static readonly ConfigNames<HadesMethod> Names = new("method",
        (HadesMethod.Hades, "hades", []), (HadesMethod.DirectEs, "direct-es", []));

    public static HadesMethod Parse(string text) => Names.Parse(text);
}

sealed class HadesMethodJson() : ConfigNameConverter<HadesMethod>(HadesMethods.Names);
