using Hades.Core.Random;
using Hades.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Policies.Methods;

/// <summary>
/// <c>gas</c> — GAS-style (reconstruction): a class-conditional generator G(z, a) trained on
/// L_G = CE(T(G(z, a)), a) − λ_adv·KL(T ‖ S)(G(z, a)) (target actions uniform); the run is split into
/// <see cref="DistilConfig.Restarts"/> equal rounds and G starts each from new weights and Adam moments; every
/// min(round length, steps/10) steps M = <see cref="DistilConfig.ExemplarsPerClass"/> samples per action are drawn
/// and all of them, whatever the teacher's confidence, enter a capped FIFO exemplar buffer (state array
/// <c>buffer</c>); the student's target on a buffer row is the teacher's full soft output on it (KL), never the
/// action it was generated for. Student batches: half buffer, half fresh generator samples (all fresh without a
/// buffer). <see cref="DistilConfig.ConfidenceThreshold"/> does not apply to policies.
/// </summary>
public sealed class GasPolicyMethod(PolicyDistilParts parts) : GeneratorPolicyMethod(parts, conditional: true)
{
    /// <summary>Rows the buffer keeps (about 8 MB of floats, between 1,024 and 50,000).</summary>
    readonly int bufferCapacity = Math.Clamp(2_000_000 / parts.ObservationSize, 1024, 50_000);

    int RoundLength => (Config.Steps + Config.Restarts - 1) / Config.Restarts;
    int HarvestEvery => Math.Min(RoundLength, Math.Max(1, (Config.Steps + 9) / 10));

    public override void AddInitialArrays(List<Datasets.Npz.Named> arrays)
    {
        base.AddInitialArrays(arrays);
        arrays.Add(Datasets.Npz.Named.Floats("buffer", [0, Parts.ObservationSize], []));
    }

    protected override Tensor GeneratorLoss(Tensor generatorTheta, Tensor studentTheta, int n, Generator g)
    {
        var targets = torch.randint(Parts.Actions, [n], generator: g);
        var x = Generate(generatorTheta, n, targets, g);
        var t = Parts.TeacherLogits(x);
        var loss = torch.nn.functional.cross_entropy(t, targets);
        if (Config.AdversarialWeight > 0) loss = loss - DistilLosses.Kl(t, Parts.Student.Forward(studentTheta.detach(), x)) * Parts.Scalars[0];
        return loss;
    }

    public override PolicyChunk Begin(DistilState state)
    {
        var data = state.Floats("buffer");
        return new Chunk(this, AdamVector.From(state, "generator"), TensorArrays.FromArray(data, data.Length / Parts.ObservationSize, Parts.ObservationSize));
    }

    /// <summary>The exemplar buffer (or, while it is empty, 256 generator samples per action).</summary>
    public override float[] GeneratedSet(DistilState state, Generator g)
    {
        var theta = GeneratorTheta(state);
        if (Config.UseBuffer && state.Get("buffer").Shape[0] > 0) return state.Floats("buffer");
        var targets = torch.arange(Parts.Actions, dtype: ScalarType.Int64).repeat_interleave(256);
        return TensorArrays.ToArray(Generate(theta, 256 * Parts.Actions, targets, g));
    }

    /// <summary>M generator samples per action, all appended to the buffer (no confidence filter: the student learns
    /// the teacher's soft output on every one), which keeps its newest rows up to its capacity.</summary>
    Tensor Harvest(AdamVector generator, Tensor buffer, int step)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var g = new Generator(CounterRng.Key(Config.Seed, PolicyRngLabels.Harvest, (ulong)step));
        var pieces = new List<Tensor> { buffer };
        int m = Config.ExemplarsPerClass;
        for (int a = 0; a < Parts.Actions; a++)
        {
            var targets = torch.tensor(Enumerable.Repeat((long)a, m).ToArray());
            pieces.Add(Generate(generator.Theta, m, targets, g));
        }
        var all = torch.cat(pieces, 0);
        if (all.shape[0] > bufferCapacity) all = all.narrow(0, all.shape[0] - bufferCapacity, bufferCapacity);
        return all.contiguous().MoveToOuterDisposeScope();
    }

    sealed class Chunk(GasPolicyMethod method, AdamVector generator, Tensor buffer) : GeneratorChunk(method, generator)
    {
        Tensor buffer = buffer;
        DistilConfig Config => method.Config;

        public override void BeforeStudentStep(int step, AdamVector student)
        {
            if (step > 0 && step % method.RoundLength == 0)
                Generator.Reset(method.InitialGenerator((ulong)(step / method.RoundLength)));
            base.BeforeStudentStep(step, student);
        }

        public override Tensor StudentBatch(int step, Generator g)
        {
            int n = Config.BatchSize;
            long rows = buffer.shape[0];
            int fromBuffer = Config.UseBuffer && rows > 0 ? n / 2 : 0;
            var fresh = method.Generate(Generator.Theta, n - fromBuffer, torch.randint(method.Parts.Actions, [n - fromBuffer], generator: g), g);
            return fromBuffer == 0 ? fresh : torch.cat([buffer.index_select(0, torch.randint(rows, [fromBuffer], generator: g)), fresh], 0);
        }

        public override void AfterStudentStep(int step)
        {
            if (!Config.UseBuffer || (step + 1) % method.HarvestEvery != 0) return;
            var next = method.Harvest(Generator, buffer, step).DetachFromDisposeScope();
            buffer.Dispose();
            buffer = next;
        }

        public override void Save(List<Datasets.Npz.Named> arrays)
        {
            base.Save(arrays);
            long rows = buffer.shape[0];
            arrays.Add(Datasets.Npz.Named.Floats("buffer", [(int)rows, method.Parts.ObservationSize], rows == 0 ? [] : TensorArrays.ToArray(buffer)));
        }

        public override void Dispose()
        {
            buffer.Dispose();
            base.Dispose();
        }
    }
}
