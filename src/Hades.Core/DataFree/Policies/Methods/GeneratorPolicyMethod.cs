using Hades.Core.Random;
using Hades.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Policies.Methods;

/// <summary>
/// Methods with a generator G (MLP latent [+ one-hot(a)] → 64 → 64 → prior): one generator step every
/// <see cref="DistilConfig.StudentStepsPerGeneratorStep"/> student steps on the method's
/// <see cref="GeneratorLoss"/>; the generator's parameters and Adam moments are the state's <c>generator</c> arrays.
/// </summary>
public abstract class GeneratorPolicyMethod : PolicyMethod
{
    const int GeneratorHidden = 64;
    readonly FlatMlp generatorNet;

    protected GeneratorPolicyMethod(PolicyDistilParts parts, bool conditional) : base(parts)
    {
        Conditional = conditional;
        generatorNet = new FlatMlp(Config.LatentSize + (conditional ? parts.Actions : 0), [GeneratorHidden, GeneratorHidden], parts.Prior.RawSize);
    }

    /// <summary>Whether G takes a one-hot target action beside the latent.</summary>
    protected bool Conditional { get; }

    protected float[] InitialGenerator(ulong round) =>
        generatorNet.Initialise(CounterRng.Key(Config.Seed, PolicyRngLabels.GeneratorInit, round), 1.0);

    public override void AddInitialArrays(List<Datasets.Npz.Named> arrays) => AdamVector.AddInitial(arrays, "generator", InitialGenerator(0));

    /// <summary>Generator samples [n, O]: conditional on <paramref name="targets"/> or unconditional (null).</summary>
    protected Tensor Generate(Tensor theta, int n, Tensor? targets, Generator g)
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.randn(n, Config.LatentSize, generator: g);
        var input = targets is null ? z : torch.cat([z, torch.nn.functional.one_hot(targets, Parts.Actions).to(ScalarType.Float32)], 1);
        return Parts.Prior.Map(generatorNet.Forward(theta, input), g).MoveToOuterDisposeScope();
    }

    /// <summary>The generator's loss on one batch of <see cref="DistilConfig.BatchSize"/> samples (to be minimised).</summary>
    protected abstract Tensor GeneratorLoss(Tensor generatorTheta, Tensor studentTheta, int n, Generator g);

    protected Tensor GeneratorTheta(DistilState state) => TensorArrays.FromArray(state.Floats("generator"), generatorNet.Count);

    /// <summary>1,024 unconditional samples (gas overrides).</summary>
    public override float[] GeneratedSet(DistilState state, Generator g) =>
        TensorArrays.ToArray(Generate(GeneratorTheta(state), 1024, null, g));

    public override PolicyChunk Begin(DistilState state) => new GeneratorChunk(this, AdamVector.From(state, "generator"));

    /// <summary>The generator during one Advance; subclasses add restarts, buffers and their own batches.</summary>
    protected class GeneratorChunk(GeneratorPolicyMethod method, AdamVector generator) : PolicyChunk
    {
        protected AdamVector Generator { get; } = generator;

        public override void BeforeStudentStep(int step, AdamVector student)
        {
            if (step % method.Config.StudentStepsPerGeneratorStep != 0) return;
            using var g = new Generator(CounterRng.Key(method.Config.Seed, PolicyRngLabels.GeneratorStep, (ulong)step));
            var loss = method.GeneratorLoss(Generator.Theta, student.Theta, method.Config.BatchSize, g);
            loss.backward();
            Generator.Step(method.Config.GeneratorLearningRate);
        }

        public override Tensor StudentBatch(int step, Generator g) => method.Generate(Generator.Theta, method.Config.BatchSize, null, g);

        public override void Save(List<Datasets.Npz.Named> arrays) => Generator.Save(arrays, "generator");

        public override void Dispose() => Generator.Dispose();
    }
}
