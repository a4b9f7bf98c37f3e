using System.Runtime.InteropServices;
using Hades.Core.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Images.Methods;

/// <summary>
/// <c>gas</c> — GAS-style (reconstruction): a class-conditional generator re-initialised (parameters and Adam
/// moments) R = <c>restarts</c> times; generator loss CE(T(G(z,c)), c) − λ_adv·L1(T, S) on logits, one generator
/// step every <c>student_steps_per_generator_step</c> student steps; <c>harvest_rounds</c> times per run M exemplars
/// per class are drawn and those the teacher labels c with confidence ≥ τ (after byte quantisation) enter a capped
/// buffer; the student trains on half buffer, half fresh generator samples.
/// </summary>
public sealed class GasImageMethod(ImageDistilParts parts) : ImageMethod(parts, conditional: true)
{
    int ReinitPeriod => (Config.Steps + Config.Restarts - 1) / Config.Restarts;
    int HarvestPeriod => (Config.Steps + Config.HarvestRounds - 1) / Config.HarvestRounds;

    public override Tensor StudentBatch(ImageAdvance advance, int step, Generator rng)
    {
        var buffer = advance.Buffer;
        int B = Config.BatchSize;
        if (step > 0 && Config.UseBuffer && step % HarvestPeriod == 0) Harvest(advance, rng, step);
        if (step > 0 && step % ReinitPeriod == 0)
            advance.ResetGenerator(Generator.Initialise(CounterRng.Key(Config.Seed, ImageRngLabels.GeneratorInit, (ulong)(step / ReinitPeriod))));
        if (step % K == 0)
        {
            var (input, c) = ConditionalInput(B, rng);
            var xg = advance.Generate(input);
            var tl = Parts.TeacherLogits(xg);
            var loss = torch.nn.functional.cross_entropy(tl, c);
            if (Config.AdversarialWeight > 0)
                loss = loss - advance.Scalars[0] * torch.nn.functional.l1_loss(Parts.Student.Logits(advance.StudentTheta.detach(), xg), tl);
            advance.GeneratorUpdate(loss);
        }
        bool fromBuffer = Config.UseBuffer && buffer.Count > 0;
        int freshCount = fromBuffer ? B - B / 2 : B;
        using (torch.no_grad())
        {
            var (input, _) = ConditionalInput(freshCount, rng);
            var x = advance.Generate(input);
            return fromBuffer ? torch.cat([x, buffer.Sample(B / 2, rng)], 0) : x;
        }
    }

    /// <summary>Draws M = exemplars_per_class samples per class from the generator and adds those the teacher labels
    /// with their class at confidence ≥ τ (judged on the quantised bytes that are stored) to the buffer.</summary>
    void Harvest(ImageAdvance advance, Generator rng, int step)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        int M = Config.ExemplarsPerClass, classes = Parts.Classes;
        var c = torch.arange(classes, dtype: ScalarType.Int64).repeat_interleave(M);
        var (input, _) = ConditionalInput(c, rng);
        var bytes = ImageData.Quantise(advance.Generate(input));
        var p = torch.nn.functional.softmax(Parts.TeacherLogits(ImageData.Dequantise(bytes)), 1);
        var (confidence, predicted) = p.max(1);
        var keep = predicted.eq(c).logical_and(confidence.ge(Config.ConfidenceThreshold)).nonzero().flatten();
        if (keep.numel() == 0) return;
        var kept = bytes.index_select(0, keep).contiguous();
        var keptLabels = c.index_select(0, keep);
        advance.Buffer.Add(MemoryMarshal.Cast<byte, byte>(kept.bytes).ToArray(), keptLabels.data<long>().ToArray(),
            Config.BufferCapacity / classes, CounterRng.Key(Config.Seed, ImageRngLabels.Replace, (ulong)step));
    }
}
