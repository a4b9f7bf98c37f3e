using static TorchSharp.torch;

namespace Hades.Core.DataFree;

/// <summary>Losses both distillation families use.</summary>
public static class DistilLosses
{
    /// <summary>KL(softmax(t) ‖ softmax(s)), summed over classes, mean over the batch.</summary>
    public static Tensor Kl(Tensor teacherLogits, Tensor studentLogits)
    {
        var logPt = teacherLogits.log_softmax(1);
        return (logPt.exp() * (logPt - studentLogits.log_softmax(1))).sum(1).mean();
    }
}
