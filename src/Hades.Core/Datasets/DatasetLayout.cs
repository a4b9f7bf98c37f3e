namespace Hades.Core.Datasets;

/// <summary>
/// How the flat ES parameter vector maps onto a synthetic dataset of <see cref="Size"/> pairs.
/// Layout: states first (Size × ObservationSize), then, with learned labels, label logits (Size × ActionCount).
/// States are in raw observation units, or, with observation normalisation, in normalised units
/// (raw = offset + scale · parameter); datasets are always stored raw. Continuous-action tasks
/// (<see cref="ContinuousActionSize"/> &gt; 0) always evolve their action targets: Size × ContinuousActionSize
/// values after the states.
/// </summary>
public sealed record DatasetLayout(int Size, int ObservationSize, int ActionCount, LabelMode Labels)
{
    /// <summary>Length of a continuous action vector (0 for discrete tasks).</summary>
    public int ContinuousActionSize { get; init; }

    public bool IsContinuous => ContinuousActionSize > 0;

    /// <summary>Per-feature offset of normalised states (null: no normalisation).</summary>
    public float[]? ObservationOffset { get; init; }
    /// <summary>Per-feature scale of normalised states (null: no normalisation).</summary>
    public float[]? ObservationScale { get; init; }
    /// <summary>Running normalisation (<c>obs_norm: running</c>): every evaluated policy normalises what it sees by
    /// statistics of its own rollout (<see cref="Training.RunningObservationStats"/>), so states are in those
    /// normalised units, which have no fixed raw equivalent: parameters and stored states are the same numbers.</summary>
    public bool RunningNormalisation { get; init; }

    float Raw(float parameter, int feature) =>
        ObservationScale is null ? parameter : ObservationOffset![feature] + ObservationScale[feature] * parameter;

    float Normalised(float raw, int feature) =>
        ObservationScale is null ? raw : (raw - ObservationOffset![feature]) / ObservationScale[feature];

    public int StateParameters => Size * ObservationSize;
    public int LabelParameters => IsContinuous ? Size * ContinuousActionSize : Labels == LabelMode.Learned ? Size * ActionCount : 0;
    public int Dimension => StateParameters + LabelParameters;

    /// <summary>Balanced fixed labels, sorted by action: pair i gets action ⌊i·A/D⌋, so every action appears
    /// ⌊D/A⌋ or ⌈D/A⌉ times and every pair is used.</summary>
    public int FixedLabel(int pair) => (int)((long)pair * ActionCount / Size);

    /// <summary>Raw states → parameters (normalised when the layout normalises).</summary>
    public void WriteStateParameters(float[][] states, Span<float> parameters)
    {
        for (int i = 0; i < Size; i++)
            for (int k = 0; k < ObservationSize; k++) parameters[i * ObservationSize + k] = Normalised(states[i][k], k);
    }

    public int[] FixedLabels() => Enumerable.Range(0, Size).Select(FixedLabel).ToArray();

    /// <summary>Turns one parameter vector into a dataset (labels = fixed, or argmax of the evolved logits).</summary>
    public SyntheticDataset ToDataset(string task, ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != Dimension)
            throw new ArgumentException($"expected {Dimension} parameters, got {parameters.Length}");
        var states = new float[Size][];
        for (int i = 0; i < Size; i++)
        {
            states[i] = new float[ObservationSize];
            for (int k = 0; k < ObservationSize; k++) states[i][k] = Raw(parameters[i * ObservationSize + k], k);
        }
        if (IsContinuous)
        {
            var actions = new float[Size][];
            for (int i = 0; i < Size; i++) actions[i] = parameters.Slice(StateParameters + i * ContinuousActionSize, ContinuousActionSize).ToArray();
            return new SyntheticDataset(task, states, [], null) { Actions = actions };
        }
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
