using System.Runtime.InteropServices;
using Hades.Core.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Images.Methods;

/// <summary>
/// <c>gas</c> — GAS-style (reconstruction): a class-conditional generator re-initialised (parameters and Adam
/// moments) R = <c>restarts</c> times; generator loss CE(T(G(z,c)), c) − λ_adv·KL(p_T ‖ p_S) (the disagreement
/// measure the policy family uses), one generator step every <c>student_steps_per_generator_step</c> student steps.
/// At the end of each of the <c>harvest_rounds</c> rounds (after the round's last student step, so the last harvest
/// takes the final generator's samples) M exemplars per class are drawn and those the teacher is at least τ =
/// <c>confidence_threshold</c> sure of (τ = 0: all of them) enter a capped buffer under the teacher's label; the
/// student learns the teacher's soft outputs on half buffer, half fresh generator samples.
/// </summary>
public sealed class GasImageMethod(ImageDistilParts parts) : ImageMethod(parts, conditional: true)
{
    int ReinitPeriod => (Config.Steps + Config.Restarts - 1) / Config.Restarts;
    int HarvestPeriod => (Config.Steps + Config.HarvestRounds - 1) / Config.HarvestRounds;

    /// <summary>Whether a harvest follows the student step of <paramref name="step"/> (the end of a round or of the run).</summary>
    public static bool HarvestsAfter(DistilConfig config, int step)
    {
        int period = (config.Steps + config.HarvestRounds - 1) / config.HarvestRounds;
        return config.UseBuffer && ((step + 1) % period == 0 || step + 1 == config.Steps);
    }

    public override Tensor StudentBatch(ImageAdvance advance, int step, Generator rng)
    {
        var buffer = advance.Buffer;
        int B = Config.BatchSize;
        if (step > 0 && step % ReinitPeriod == 0)
            advance.ResetGenerator(Generator.Initialise(CounterRng.Key(Config.Seed, ImageRngLabels.GeneratorInit, (ulong)(step / ReinitPeriod))));
        if (step % K == 0)
        {
            var (input, c) = ConditionalInput(B, rng);
            var xg = advance.Generate(input);
            var tl = Parts.TeacherLogits(xg);
            var loss = torch.nn.functional.cross_entropy(tl, c);
            if (Config.AdversarialWeight > 0)
                loss = loss - advance.Scalars[0] * DistilLosses.Kl(tl, Parts.Student.Logits(advance.StudentTheta.detach(), xg));
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

    public override void AfterStudentStep(ImageAdvance advance, int step, Generator rng)
    {
        if (HarvestsAfter(Config, step)) Harvest(advance, rng, step);
    }

    /// <summary>Draws M = exemplars_per_class samples per class from the generator and adds those whose teacher
    /// confidence (judged on the quantised bytes that are stored) is ≥ τ to the buffer, labelled with the teacher's class.</summary>
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
        var keep = confidence.ge(Config.ConfidenceThreshold).nonzero().flatten();
        if (keep.numel() == 0) return;
        var kept = bytes.index_select(0, keep).contiguous();
        var keptLabels = predicted.index_select(0, keep);
        advance.Buffer.Add(MemoryMarshal.Cast<byte, byte>(kept.bytes).ToArray(), keptLabels.data<long>().ToArray(),
            Config.BufferCapacity / classes, CounterRng.Key(Config.Seed, ImageRngLabels.Replace, (ulong)step));
    }
}
