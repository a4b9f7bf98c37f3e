namespace Hades.Core.Policies;

/// <summary>Layer sizes of an MLP: input, hidden widths, output.</summary>
public sealed record MlpShape(int Input, IReadOnlyList<int> Hidden, int Output, Activation Activation)
{
    public IEnumerable<(int In, int Out)> Layers()
    {
        int previous = Input;
        foreach (int width in Hidden) { yield return (previous, width); previous = width; }
        yield return (previous, Output);
    }

    public int ParameterCount => Layers().Sum(l => l.In * l.Out + l.Out);
}
