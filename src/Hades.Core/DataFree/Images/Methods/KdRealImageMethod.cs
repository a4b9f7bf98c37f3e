using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Images.Methods;

/// <summary><c>kd-real</c> — the upper bound: the student learns KL(p_T ‖ p_S) on random real training images (the
/// generator is kept in the state but never trained).</summary>
public sealed class KdRealImageMethod(ImageDistilParts parts) : ImageMethod(parts, conditional: false)
{
    public override Tensor StudentBatch(ImageAdvance advance, int step, Generator rng)
    {
        var index = torch.randint(Parts.Training.Count, [Config.BatchSize], dtype: ScalarType.Int64, generator: rng);
        return Parts.Training.Rows(index, Config.Task).Images;
    }

    /// <summary>The first 100·classes real training images with their labels.</summary>
    public override (Tensor Images, Tensor Labels) CoverageSamples(DistilState state)
    {
        using var scope = torch.NewDisposeScope();
        var (x, y) = Parts.Training.Head(100 * Parts.Classes, Config.Task);
        return (x.clone().MoveToOuterDisposeScope(), y.clone().MoveToOuterDisposeScope());
    }
}
