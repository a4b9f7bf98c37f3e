namespace Hades.Core.Datasets;

/// <summary>
/// How the flat ES parameter vector maps onto a synthetic dataset of <see cref="Size"/> pairs.
/// Layout: states first (Size × ObservationSize, raw observation units), then, with learned labels,
/// label logits (Size × ActionCount).
/// </summary>
public sealed record DatasetLayout(int Size, int ObservationSize, int ActionCount, LabelMode Labels)
{
    public int StateParameters => Size * ObservationSize;
    public int LabelParameters => Labels == LabelMode.Learned ? Size * ActionCount : 0;
    public int Dimension => StateParameters + LabelParameters;

    /// <summary>Balanced fixed labels, sorted by action: pair i gets action ⌊i·A/D⌋, so every action appears
    /// ⌊D/A⌋ or ⌈D/A⌉ times and every pair is used.</summary>
    public int FixedLabel(int pair) => (int)((long)pair * ActionCount / Size);

    public int[] FixedLabels() => Enumerable.Range(0, Size).Select(FixedLabel).ToArray();

    /// <summary>Turns one parameter vector into a dataset (labels = fixed, or argmax of the evolved logits).</summary>
    public SyntheticDataset ToDataset(string task, ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != Dimension)
            throw new ArgumentException($"expected {Dimension} parameters, got {parameters.Length}");
        var states = new float[Size][];
        for (int i = 0; i < Size; i++) states[i] = parameters.Slice(i * ObservationSize, ObservationSize).ToArray();
        int[] labels;
        float[][]? logits = null;
        if (Labels == LabelMode.Fixed) labels = FixedLabels();
        else
        {
            logits = new float[Size][];
            labels = new int[Size];
            for (int i = 0; i < Size; i++)
            {
                logits[i] = parameters.Slice(StateParameters + i * ActionCount, ActionCount).ToArray();
                labels[i] = Array.IndexOf(logits[i], logits[i].Max());
            }
        }
        return new SyntheticDataset(task, states, labels, logits);
    }
}
