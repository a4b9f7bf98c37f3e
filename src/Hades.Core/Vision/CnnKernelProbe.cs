using static TorchSharp.torch;

namespace Hades.Core.Vision;

/// <summary>
/// Whether <see cref="CnnCpuKernels"/> give the torch path's bits on this machine. The kernels copy the product order
/// of the SGEMM micro-kernel that libtorch picks here (a 9-long and a ≤ 16-long inner dimension); another CPU or
/// libtorch build may pick a kernel with another order. So once per process, before the first fused call, a small
/// network is trained and scored through both paths on random images; the fused kernels are used only if every weight
/// and score agrees bit for bit, so a run's results never depend on which path it took.
/// </summary>
public static class CnnKernelProbe
{
    static readonly Lazy<bool> matches = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when the fused kernels reproduce the torch path on this machine (measured once per process).</summary>
    public static bool MatchesTorch => matches.Value;

    static bool Probe()
    {
        using var scope = NewDisposeScope();
        const int members = 2, n = 10, side = 28;
        using var g = new TorchSharp.torch.Generator(20261206);
        var images = rand(members, n, side * side, generator: g);
        var labels = arange(n, ScalarType.Int64);
        var evalImages = rand(96, 1, side, side, generator: g);
        var evalLabels = randint(0, 10, [96], generator: g);
        var settings = new ImageInnerLoop(Steps: 3, EvalChunkElements: (long)members * side * side * 16 * 40);
        using var fused = BatchedCnn.Create([7UL, 8UL], m => m, members, CPU);
        using var plain = BatchedCnn.Create([7UL, 8UL], m => m, members, CPU);
        fused.SkipProbe = true;
        plain.TorchOnly = true;
        if (!fused.UsesCpuKernels) return false;
        if (!fused.Train(images, labels, settings).SequenceEqual(plain.Train(images, labels, settings))) return false;
        foreach (var (a, b) in fused.Parameters.Zip(plain.Parameters))
            if (!a.bytes.SequenceEqual(b.bytes)) return false;
        return fused.Evaluate(evalImages, evalLabels, settings).SequenceEqual(plain.Evaluate(evalImages, evalLabels, settings));
    }
}
