using System.Text.Json.Serialization;
using Hades.Core.Storage;

namespace Hades.Core.BehaviourDistillation;

/// <summary>HaDES-R trains candidates from fresh inits every generation (datasets that generalise across
/// inits); HaDES-F always uses one fixed init (a neuroevolution method).</summary>
[JsonConverter(typeof(HadesModeJson))]
public enum HadesMode { R, F }

/// <summary>The config.json / command-line names of <see cref="HadesMode"/>: R, F (also HaDES-R, HaDES-F).</summary>
public static class HadesModes
{
    public static readonly ConfigNames<HadesMode> Names = new("mode",
        (HadesMode.R, "R", ["HADES-R"]), (HadesMode.F, "F", ["HADES-F"]));

    public static HadesMode Parse(string text) => Names.Parse(text);
}

sealed class HadesModeJson() : ConfigNameConverter<HadesMode>(HadesModes.Names);
