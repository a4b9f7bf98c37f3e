namespace Hades.Core.Vision;

/// <summary>How the training loss is averaged, which scales the SGD step.</summary>
public enum LossScale
{
    /// <summary>The paper's <c>-jnp.mean(log_softmax · onehot)</c>: a mean over images <em>and classes</em>, i.e.
    /// cross-entropy ÷ classes (with SGD lr 0.1 this is plain cross-entropy at lr 0.01).</summary>
    PerEntry,
    /// <summary>Ordinary mean cross-entropy over images.</summary>
    PerExample,
}

/// <summary>What an evaluated classifier's fitness is; both are "higher is better".</summary>
public enum FitnessKind
{
    /// <summary>Fraction of evaluation images classified correctly.</summary>
    Accuracy,
    /// <summary>Minus the mean cross-entropy (per image, natural log) on the evaluation images; the paper minimises
    /// this loss on the training set.</summary>
    NegativeLoss,
}

/// <summary>
/// Supervised training of fresh classifiers on a synthetic image set (HaDES §5.4 recipe, <c>distill_dataset.py</c>):
/// full-batch SGD without momentum for <see cref="Steps"/> steps at <see cref="LearningRate"/>, then scoring on
/// real images.
/// </summary>
/// <param name="Classes">Number of classes; a candidate holds <c>Classes × imagesPerClass</c> images.</param>
/// <param name="MaxMembersPerBatch">How many networks are trained in one batched pass (bounds memory: about
/// 20 MB per member for the paper CNN).</param>
/// <param name="EvalChunkElements">Bound on the conv activations of one evaluation chunk, in floats
/// (images per chunk = this ÷ (members × 12 544)).</param>
public sealed record ImageInnerLoop(
    int Steps = 1000,
    double LearningRate = 0.1,
    LossScale Loss = LossScale.PerEntry,
    int Classes = 10,
    int MaxMembersPerBatch = 32,
    long EvalChunkElements = 1L << 25)
{
    /// <summary>Factor that turns a sum of per-image cross-entropies into the training loss.</summary>
    public double LossFactor(int images) => Loss == LossScale.PerEntry ? 1.0 / ((double)images * Classes) : 1.0 / images;
}

/// <summary>Score of one trained classifier on real images.</summary>
public readonly record struct ImageScore(double Accuracy, double Loss)
{
    public double Fitness(FitnessKind kind) => kind == FitnessKind.Accuracy ? Accuracy : -Loss;
}
