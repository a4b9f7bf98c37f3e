using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Policies.Methods;

/// <summary><c>dafl</c> — DAFL-style: an unconditional generator minimising CE(T, argmax T) − 5·H(mean softmax T)
/// (the activation term is left out); the student trains with KL on fresh samples.</summary>
public sealed class DaflPolicyMethod(PolicyDistilParts parts) : GeneratorPolicyMethod(parts, conditional: false)
{
    /// <summary>Weight of the batch-mean entropy term (kept alive in <see cref="PolicyDistilParts.Scalars"/>[1]).</summary>
    public const double EntropyWeight = 5;

    protected override Tensor GeneratorLoss(Tensor generatorTheta, Tensor studentTheta, int n, Generator g)
    {
        var k = Parts.Scalars;
        var x = Generate(generatorTheta, n, null, g);
        var t = Parts.TeacherLogits(x);
        var mean = t.softmax(1).mean([0]);
        var entropy = -(mean * mean.clamp_min(k[3]).log()).sum();
        return torch.nn.functional.cross_entropy(t, t.argmax(1)) - entropy * k[1];
    }
}
