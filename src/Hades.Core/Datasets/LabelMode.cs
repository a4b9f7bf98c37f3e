using System.Text.Json.Serialization;
using Hades.Core.Storage;

namespace Hades.Core.Datasets;

/// <summary>How the labels of a discrete-action synthetic dataset are chosen.</summary>
[JsonConverter(typeof(LabelModeJson))]
public enum LabelMode
{
    /// <summary>Fixed, balanced labels (the paper's discrete variant): only the states evolve.</summary>
    Fixed,
    /// <summary>States and per-pair label logits evolve; the training target is softmax(logits).</summary>
    Learned,
}

/// <summary>The config.json / command-line names of <see cref="LabelMode"/>: fixed, learned.</summary>
public static class LabelModes
{
    public static readonly ConfigNames<LabelMode> Names = new("label mode",
        (LabelMode.Fixed, "fixed", []), (LabelMode.Learned, "learned", []));

    public static LabelMode Parse(string text) => Names.Parse(text);
}

sealed class LabelModeJson() : ConfigNameConverter<LabelMode>(LabelModes.Names);
