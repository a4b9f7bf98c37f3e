namespace Hades.Core.Training;

/// <summary>How trained policies act when scored: greedy (argmax) or sampled from the softmax.</summary>
public enum ActionSelection { Greedy, Sample }

public static class ActionSelectionParser
{
    public static ActionSelection Parse(string text) => text.ToLowerInvariant() switch
    {
        "greedy" or "argmax" => ActionSelection.Greedy,
        "sample" or "sampled" => ActionSelection.Sample,
        _ => throw new HadesUserException($"unknown action selection '{text}' (expected greedy or sample)"),
    };
}
