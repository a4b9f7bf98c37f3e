namespace Hades.Core.Training.Cpu;

/// <summary>
/// The memory side of one member's inner-loop step on the fused path (<see cref="MemberTrainer"/>), counted from the
/// layout, for the roofline: the bytes that must cross between the core and the cache level that holds the member's
/// state, next to the step's matrix FLOPs (<see cref="GenerationFlops.TrainingStep"/>).
/// <para>Streamed (a 512-512 member's θ, m and v are 5.7 MB, more than a core's L2, so every step reads them from the
/// shared cache or memory): the weight-gradient/Adam pass reads and writes θ, m and v once (24 bytes per parameter),
/// the forward pass reads every weight (4 bytes), and the input gradients read the weights of every layer above the
/// first once more (4 bytes).
/// Resident (the activations h and dz and their transposes, D × width floats per layer: 32 KiB at D = 16 and width
/// 512, so they stay in L1/L2): counted apart, not in <see cref="StreamedBytes"/>.</para>
/// </summary>
public sealed record MemberStepTraffic(double StateBytes, double ForwardWeightBytes, double InputGradientWeightBytes, double ActivationBytes)
{
    /// <summary>Bytes of θ, m and v together (what must stay in cache for a step to stream nothing).</summary>
    public static double StateFootprint(MemberLayout s) => 12.0 * s.Count;

    public static MemberStepTraffic Of(MemberLayout s)
    {
        double weights = 0, aboveFirst = 0, activations = 0;
        for (int l = 0; l < s.Layers; l++)
        {
            double w = (double)s.In[l] * s.Out[l];
            weights += w;
            if (l > 0) aboveFirst += w;
            activations += 2.0 * s.Pairs * s.Out[l]; // h and dz, each written once
        }
        return new MemberStepTraffic(24.0 * s.Count, 4 * weights, 4 * aboveFirst, 4 * activations);
    }

    /// <summary>Bytes that cross from the state's cache level per step.</summary>
    public double StreamedBytes => StateBytes + ForwardWeightBytes + InputGradientWeightBytes;
}
