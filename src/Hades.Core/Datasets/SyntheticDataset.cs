namespace Hades.Core.Datasets;

/// <summary>
/// A distilled dataset: <c>States[i]</c> (raw observation units) is labelled with action <c>Labels[i]</c>.
/// With learned labels, <c>LabelLogits[i]</c> holds the evolved logits whose softmax is the training target.
/// </summary>
public sealed record SyntheticDataset(string Task, float[][] States, int[] Labels, float[][]? LabelLogits)
{
    public int Size => States.Length;
    public int ObservationSize => States.Length == 0 ? 0 : States[0].Length;

    /// <summary>Flattens back into ES parameters under <paramref name="layout"/>.</summary>
    public float[] ToParameters(DatasetLayout layout)
    {
        if (Size != layout.Size)
            throw new HadesUserException($"dataset has {Size} pairs but the run uses {layout.Size}");
        if (States.Any(s => s.Length != layout.ObservationSize))
            throw new HadesUserException($"dataset states have {ObservationSize} features but task '{Task}' observes {layout.ObservationSize}");
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
}
