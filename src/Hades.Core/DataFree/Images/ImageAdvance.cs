using Hades.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Images;

/// <summary>
/// The tensors of one <see cref="ImageDistilJob.Advance"/>: student and generator parameters with their Adam
/// moments, the generator's step count, the exemplar buffer and the loss scalars. Methods update the generator
/// through <see cref="GeneratorUpdate"/> and <see cref="ResetGenerator"/>; the job takes the student steps.
/// </summary>
public sealed class ImageAdvance : IDisposable
{
    const double MaxGradNorm = 5.0, AdamEpsilon = 1e-8;

    public ImageAdvance(DistilState state, ImageDistilParts parts, GeneratorLayout generator)
    {
        var config = parts.Config;
        StudentTheta = TensorArrays.FromArray(state.Floats("student"), parts.Student.Count).requires_grad_(true);
        StudentM = TensorArrays.FromArray(state.Floats("student_m"), parts.Student.Count);
        StudentV = TensorArrays.FromArray(state.Floats("student_v"), parts.Student.Count);
        GeneratorTheta = TensorArrays.FromArray(state.Floats("generator"), generator.Count).requires_grad_(true);
        GeneratorM = TensorArrays.FromArray(state.Floats("generator_m"), generator.Count);
        GeneratorV = TensorArrays.FromArray(state.Floats("generator_v"), generator.Count);
        GeneratorSteps = state.Longs("generator_steps")[0];
        Buffer = new ExemplarBuffer(state.Get("buffer_pixels").Data, state.Longs("buffer_labels"));
        Scalars = new KeptScalars(config.AdversarialWeight, 0.1, 5.0, 1.0, config.KdTemperature, config.KdTemperature * config.KdTemperature,
            config.AttentionWeight, config.StudentAverage, 1 - config.StudentAverage);
        if (config.StudentAverage > 0) StudentAverage = TensorArrays.FromArray(state.Floats(ImageDistilJob.StudentAverageArray), parts.Student.Count);
        this.config = config;
        Generator = generator;
    }

    readonly DistilConfig config;
    public GeneratorLayout Generator { get; }
    public Tensor StudentTheta { get; }
    public Tensor StudentM { get; }
    public Tensor StudentV { get; }
    public Tensor GeneratorTheta { get; }
    public Tensor GeneratorM { get; }
    public Tensor GeneratorV { get; }
    public long GeneratorSteps { get; private set; }
    public ExemplarBuffer Buffer { get; }

    /// <summary>The exponential moving average of the student's weights (when <c>student_average</c> &gt; 0).</summary>
    public Tensor? StudentAverage { get; }

    /// <summary>λ_adv, DAFL's 0.1 and 5, 1, the KD temperature τ and τ², ZSKT's attention weight β, the weight average's decay d and 1 − d.</summary>
    public KeptScalars Scalars { get; }

    /// <summary>A batch a method reuses over several student steps (ZSKT's pseudo-batch); disposed with the advance.</summary>
    public Tensor? HeldBatch { get; set; }

    /// <summary>The generator's samples for <paramref name="input"/> (latent, with one-hot classes when conditional).</summary>
    public Tensor Generate(Tensor input) => Generator.Forward(GeneratorTheta, input);

    /// <summary>One Adam step of the generator on <paramref name="loss"/>.</summary>
    public void GeneratorUpdate(Tensor loss)
    {
        loss.backward();
        FlatAdam.Step(GeneratorTheta, GeneratorTheta.grad!, GeneratorM, GeneratorV, ++GeneratorSteps, config.GeneratorLearningRate, AdamEpsilon, MaxGradNorm);
        GeneratorTheta.grad!.zero_();
    }

    /// <summary>New generator weights and fresh Adam moments and step count.</summary>
    public void ResetGenerator(float[] theta)
    {
        using (torch.no_grad())
        {
            using var fresh = TensorArrays.FromArray(theta, Generator.Count);
            GeneratorTheta.copy_(fresh);
            GeneratorM.zero_();
            GeneratorV.zero_();
        }
        GeneratorSteps = 0;
    }

    /// <summary>One Adam step of the student (its step count is the step number + 1) at the step's learning rate,
    /// then the weight average's update.</summary>
    public void StudentUpdate(Tensor loss, int step)
    {
        loss.backward();
        FlatAdam.Step(StudentTheta, StudentTheta.grad!, StudentM, StudentV, step + 1L, StudentLearningRate(config, step), AdamEpsilon, MaxGradNorm);
        StudentTheta.grad!.zero_();
        if (StudentAverage is null) return;
        using var noGrad = torch.no_grad();
        StudentAverage.mul_(Scalars[7]).add_(StudentTheta.detach(), Scalars[8]);
    }

    /// <summary>The student's lr at <paramref name="step"/>: constant, or with <c>student_lr_decay</c> a cosine decay
    /// from <c>student_learning_rate</c> to 0 over the run.</summary>
    public static double StudentLearningRate(DistilConfig config, int step) => !config.StudentLrDecay ? config.StudentLearningRate
        : config.StudentLearningRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(step, config.Steps) / config.Steps));

    public void Dispose()
    {
        HeldBatch?.Dispose();
        Buffer.Dispose();
        Scalars.Dispose();
    }
}
