using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Images.Methods;

/// <summary><c>dfad</c> — the student minimises L1(S, T) on logits of fresh generator batches; after every k student
/// steps the generator takes a step on −L1 (it seeks disagreement).</summary>
public sealed class DfadImageMethod(ImageDistilParts parts) : ImageMethod(parts, conditional: false)
{
    public override Tensor StudentBatch(ImageAdvance advance, int step, Generator rng)
    {
        using (torch.no_grad()) return advance.Generate(Latent(rng));
    }

    public override Tensor StudentLoss(ImageAdvance advance, Tensor x, Tensor studentLogits, Tensor teacherLogits) =>
        torch.nn.functional.l1_loss(studentLogits, teacherLogits);

    public override void AfterStudentStep(ImageAdvance advance, int step, Generator rng)
    {
        if ((step + 1) % K != 0) return;
        var xg = advance.Generate(Latent(rng));
        var tl = Parts.TeacherLogits(xg);
        advance.GeneratorUpdate(-torch.nn.functional.l1_loss(Parts.Student.Logits(advance.StudentTheta.detach(), xg), tl));
    }
}
