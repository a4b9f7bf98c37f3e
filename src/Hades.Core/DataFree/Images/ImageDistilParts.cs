using static TorchSharp.torch;

namespace Hades.Core.DataFree.Images;

/// <summary>What every image method works with: the config, the frozen teacher, the student's layout, the number
/// of classes and the job's only route to the real training split (which only <c>kd-real</c> reads).</summary>
public sealed class ImageDistilParts(DistilConfig config, ImageTeacher teacher, Tensor teacherTheta, LeNetLayout student,
    int classes, ImageData.TrainingSplit training)
{
    public DistilConfig Config { get; } = config;
    public ImageTeacher Teacher { get; } = teacher;
    public LeNetLayout Student { get; } = student;
    public int Classes { get; } = classes;
    public ImageData.TrainingSplit Training { get; } = training;

    public Tensor TeacherLogits(Tensor x) => Teacher.Layout.Logits(teacherTheta, x);

    /// <summary>Teacher logits and its penultimate features (DAFL's activation term).</summary>
    public (Tensor Logits, Tensor Features) TeacherForward(Tensor x) => Teacher.Layout.Forward(teacherTheta, x);

    /// <summary>Teacher logits and its pooled conv blocks (ZSKT's attention maps).</summary>
    public (Tensor Logits, Tensor[] Blocks) TeacherBlocks(Tensor x) => Teacher.Layout.ForwardBlocks(teacherTheta, x);

    public Tensor TeacherPredictions(Tensor x) => ImageTeacher.Predict(Teacher.Layout, teacherTheta, x);
}

/// <summary>Labels of the counter-RNG keys of the image family.</summary>
static class ImageRngLabels
{
    public const ulong StudentInit = 0x53545544, GeneratorInit = 0x47454E49, Step = 0x53544550,
        Replace = 0x5245504C, Picture = 0x50494354, PseudoBatch = 0x5A534B54UL;
}
