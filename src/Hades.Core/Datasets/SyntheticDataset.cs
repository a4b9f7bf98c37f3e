namespace Hades.Core.Datasets;

/// <summary>
/// A distilled dataset: <c>States[i]</c> (raw observation units) is labelled with action <c>Labels[i]</c>.
/// With learned labels, <c>LabelLogits[i]</c> holds the evolved logits whose softmax is the training target.
/// Continuous-action tasks have no discrete labels (<c>Labels</c> is empty) and carry the evolved action
/// targets in <see cref="Actions"/> instead (unclipped, as evolved; the environment clips when acting).
/// </summary>
public sealed record SyntheticDataset(string Task, float[][] States, int[] Labels, float[][]? LabelLogits)
{
    /// <summary>Continuous action targets, one vector per pair (null for discrete tasks).</summary>
    public float[][]? Actions { get; init; }

    public bool IsContinuous => Actions is not null;

    public int Size => States.Length;
    public int ObservationSize => States.Length == 0 ? 0 : States[0].Length;

    /// <summary>Flattens back into ES parameters under <paramref name="layout"/>.</summary>
    public float[] ToParameters(DatasetLayout layout)
    {
        if (Size != layout.Size)
            throw new HadesUserException($"dataset has {Size} pairs but the run uses {layout.Size}");
        if (States.Any(s => s.Length != layout.ObservationSize))
            throw new HadesUserException($"dataset states have {ObservationSize} features but task '{Task}' observes {layout.ObservationSize}");
        if (layout.IsContinuous) return ContinuousParameters(layout);
        if (IsContinuous) throw new HadesUserException($"dataset has continuous actions but task '{Task}' has discrete actions");
        if (Labels.Any(l => l < 0 || l >= layout.ActionCount))
            throw new HadesUserException($"dataset labels must lie in 0..{layout.ActionCount - 1}");
        if (layout.Labels == LabelMode.Fixed && !Labels.SequenceEqual(layout.FixedLabels()))
            throw new HadesUserException("dataset labels differ from the balanced fixed labels this run uses");
        if (layout.Labels == LabelMode.Learned && (LabelLogits is null || LabelLogits.Any(l => l.Length != layout.ActionCount)))
            throw new HadesUserException($"dataset needs \"label_logits\" with {layout.ActionCount} values per pair");
        var p = new float[layout.Dimension];
        layout.WriteStateParameters(States, p);
        if (layout.Labels == LabelMode.Learned)
            for (int i = 0; i < Size; i++) LabelLogits![i].CopyTo(p, layout.StateParameters + i * layout.ActionCount);
        return p;
    }

    float[] ContinuousParameters(DatasetLayout layout)
    {
        if (Actions is null || Actions.Length != Size || Actions.Any(a => a.Length != layout.ContinuousActionSize))
            throw new HadesUserException($"dataset needs \"actions\" with {layout.ContinuousActionSize} values per pair for task '{Task}'");
        var p = new float[layout.Dimension];
        layout.WriteStateParameters(States, p);
        for (int i = 0; i < Size; i++) Actions[i].CopyTo(p, layout.StateParameters + i * layout.ContinuousActionSize);
        return p;
    }
}
