using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Images.Methods;

/// <summary><c>dafl</c> — generator loss: one-hot CE(T, argmax T) + 0.1·activation (−mean|f_T|) + 5·(−entropy of the
/// batch-mean prediction, log10); the student trains with KL on the same batch; both are updated every step.</summary>
public sealed class DaflImageMethod(ImageDistilParts parts) : ImageMethod(parts, conditional: false)
{
    public override Tensor StudentBatch(ImageAdvance advance, int step, Generator rng)
    {
        var k = advance.Scalars;
        var xg = advance.Generate(Latent(rng));
        var (tl, features) = Parts.TeacherForward(xg);
        var oneHot = torch.nn.functional.cross_entropy(tl, tl.argmax(1));
        var activation = -features.abs().mean();
        var meanP = torch.nn.functional.softmax(tl, 1).mean([0]);
        var negEntropy = (meanP * meanP.log10()).sum();
        advance.GeneratorUpdate(oneHot + k[1] * activation + k[2] * negEntropy);
        return xg.detach();
    }
}
