using System.Text.Json.Serialization;
using Hades.Core.Storage;

namespace Hades.Core.Training;

/// <summary>How trained policies act when scored: greedy (argmax) or sampled from the softmax.</summary>
[JsonConverter(typeof(ActionSelectionJson))]
public enum ActionSelection { Greedy, Sample }

public static class ActionSelectionParser
{
    /// <summary>greedy (also argmax), sample (also sampled).</summary>
    public static readonly ConfigNames<ActionSelection> Names = new("action selection",
        (ActionSelection.Greedy, "greedy", ["argmax"]), (ActionSelection.Sample, "sample", ["sampled"]));

    public static ActionSelection Parse(string text) => Names.Parse(text);
}

sealed class ActionSelectionJson() : ConfigNameConverter<ActionSelection>(ActionSelectionParser.Names);
