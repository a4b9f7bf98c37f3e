using System.Text.Json.Serialization;
using Hades.Core.Storage;

namespace Hades.Core.Es;

/// <summary>Which evolution strategy a run uses: OpenAI-ES (antithetic, Adam) or SNES (separable NES).</summary>
[JsonConverter(typeof(StrategyKindJson))]
public enum StrategyKind { OpenAiEs, Snes }

/// <summary>The config.json / command-line names of <see cref="StrategyKind"/>: openai-es (also openes), snes.</summary>
public static class StrategyKinds
{
    public static readonly ConfigNames<StrategyKind> Names = new("strategy",
        (StrategyKind.OpenAiEs, "openai-es", ["openes"]), (StrategyKind.Snes, "snes", []));

    public static StrategyKind Parse(string text) => Names.Parse(text);

    public static string Name(this StrategyKind kind) => Names.Name(kind);
}

sealed class StrategyKindJson() : ConfigNameConverter<StrategyKind>(StrategyKinds.Names);
