namespace Hades.Core.Datasets;

/// <summary>How the labels of a discrete-action synthetic dataset are chosen.</summary>
public enum LabelMode
{
    /// <summary>Fixed, balanced labels (the paper's discrete variant): only the states evolve.</summary>
    Fixed,
    /// <summary>States and per-pair label logits evolve; the training target is softmax(logits).</summary>
    Learned,
}
