using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Policies.Methods;

/// <summary><c>dfad</c> — DFAD-style: an unconditional generator maximising L1(T, S) on logits; the student minimises L1.</summary>
public sealed class DfadPolicyMethod(PolicyDistilParts parts) : GeneratorPolicyMethod(parts, conditional: false)
{
    protected override Tensor GeneratorLoss(Tensor generatorTheta, Tensor studentTheta, int n, Generator g)
    {
        var x = Generate(generatorTheta, n, null, g);
        var t = Parts.TeacherLogits(x);
        return -(t - Parts.Student.Forward(studentTheta.detach(), x)).abs().mean();
    }

    public override Tensor StudentLoss(Tensor teacherLogits, Tensor studentLogits) => (teacherLogits - studentLogits).abs().mean();
}
