using Hades.Core.Random;
using Hades.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Images;

/// <summary>
/// One data-free image distillation method: how a student step's batch is made (and how the generator learns).
/// <see cref="ImageDistilJob"/> runs what all methods share: the student step, scoring and outputs. Methods are
/// listed in <see cref="ImageMethods"/>; every one has a generator (unconditional unless the method says otherwise),
/// whose arrays are in every state.
/// </summary>
public abstract class ImageMethod
{
    protected ImageMethod(ImageDistilParts parts, bool conditional)
    {
        Parts = parts;
        Generator = new GeneratorLayout(parts.Config.LatentSize, conditional ? parts.Classes : 0,
            parts.Config.GeneratorChannels, parts.Config.GeneratorChannels / 2, parts.Config.GeneratorBatchNormEps, parts.Config.PixelPrior);
    }

    protected ImageDistilParts Parts { get; }
    protected DistilConfig Config => Parts.Config;
    public GeneratorLayout Generator { get; }

    /// <summary>Student steps per generator step.</summary>
    protected int K => Config.StudentStepsPerGeneratorStep;

    /// <summary>The student's batch of <paramref name="step"/> (normalised images), after any generator update that
    /// comes before it; <paramref name="rng"/> is the step's generator.</summary>
    public abstract Tensor StudentBatch(ImageAdvance advance, int step, Generator rng);

    /// <summary>The student's loss on its batch <paramref name="x"/>: KL(softmax(T/τ) ‖ softmax(S/τ))·τ² (plain KL at
    /// τ = 1) unless overridden.</summary>
    public virtual Tensor StudentLoss(ImageAdvance advance, Tensor x, Tensor studentLogits, Tensor teacherLogits)
    {
        var k = advance.Scalars;
        return Config.KdTemperature == 1 ? DistilLosses.Kl(teacherLogits, studentLogits)
            : DistilLosses.Kl(teacherLogits / k[4], studentLogits / k[4]) * k[5];
    }

    /// <summary>Runs after the student step of <paramref name="step"/>.</summary>
    public virtual void AfterStudentStep(ImageAdvance advance, int step, Generator rng) { }

    /// <summary>Samples whose modes are counted when the state's buffer is empty: 100 fresh generator samples per
    /// class (conditional) or 100·classes unconditional ones labelled by the teacher. Normalised images and labels.</summary>
    public virtual (Tensor Images, Tensor Labels) CoverageSamples(DistilState state)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var rng = new Generator(CounterRng.Key(Config.Seed, ImageRngLabels.Picture));
        var g = TensorArrays.FromArray(state.Floats("generator"), Generator.Count);
        int classes = Parts.Classes;
        if (Generator.Conditions > 0)
        {
            var c = torch.arange(classes, dtype: ScalarType.Int64).repeat_interleave(100);
            var (input, _) = ConditionalInput(c, rng);
            var x = ImageData.Dequantise(ImageData.Quantise(Generator.Forward(g, input)));
            return (x.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
        }
        var xu = ImageData.Dequantise(ImageData.Quantise(Generator.Forward(g, torch.randn(100 * classes, Config.LatentSize, generator: rng))));
        var predicted = Parts.TeacherPredictions(xu);
        return (xu.MoveToOuterDisposeScope(), predicted.MoveToOuterDisposeScope());
    }

    /// <summary>Latents of <paramref name="n"/> random classes with their one-hot codes appended.</summary>
    protected (Tensor Input, Tensor Classes) ConditionalInput(int n, Generator rng)
    {
        var c = torch.randint(Parts.Classes, [n], dtype: ScalarType.Int64, generator: rng);
        return ConditionalInput(c, rng);
    }

    protected (Tensor Input, Tensor Classes) ConditionalInput(Tensor c, Generator rng)
    {
        var z = torch.randn(c.shape[0], Config.LatentSize, generator: rng);
        var oneHot = torch.nn.functional.one_hot(c, Parts.Classes).to(ScalarType.Float32);
        return (torch.cat([z, oneHot], 1), c);
    }

    /// <summary>Unconditional latents of one batch.</summary>
    protected Tensor Latent(Generator rng) => torch.randn(Config.BatchSize, Config.LatentSize, generator: rng);
}
