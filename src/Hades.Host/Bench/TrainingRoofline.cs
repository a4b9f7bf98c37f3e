using Hades.Core.Policies;
using Hades.Core.Training;
using Hades.Core.Training.Cpu;

namespace Hades.Host.Bench;

/// <summary>
/// The fused inner loop's roofline for one policy shape and dataset size, from measured rates: per member step the
/// matrix FLOPs (<see cref="GenerationFlops"/>) and the bytes streamed from beyond L2 (<see cref="MemberStepTraffic"/>);
/// the cores' FMA peak, the stream bandwidth over a member-sized working set and the Adam rate, all measured on the
/// trainer's thread count at once in the threads' CPU time (<see cref="RooflineProbes"/>). A step can take no less
/// than the longest of FLOPs/peak, bytes/bandwidth and parameters/Adam rate, so FLOPs/peak over that longest time
/// bounds its share of the peak; the achieved share is a real member step timed the same way. The achieved rate is
/// also put against the peak, libtorch's SGEMM, measured in thread CPU time on one thread
/// (<see cref="SgemmPeak.MeasureCpuGflops"/>: per CPU second, as the step); the wall-clock SGEMM figure of the
/// generation rows (all threads) is printed beside it.
/// </summary>
public sealed record TrainingRoofline(MlpShape Shape, int Pairs, int Threads, double SgemmFlops, double FmaFlops, double StreamBytesPerSecond,
    double AdamPerSecond, double StepSeconds, MemberStepTraffic Traffic, double StepFlops, int Parameters, double SgemmCpuFlops)
{
    /// <param name="sgemmGflops">libtorch SGEMM, wall clock, all threads.</param>
    /// <param name="sgemmCpuGflops">libtorch SGEMM per thread CPU second, one thread.</param>
    public static TrainingRoofline Measure(MlpShape shape, int pairs, int threads, double sgemmGflops, double sgemmCpuGflops)
    {
        var layout = new MemberLayout(shape, pairs);
        return new TrainingRoofline(shape, pairs, threads, sgemmGflops * 1e9,
            RooflineProbes.FmaFlopsPerSecond(threads),
            RooflineProbes.StreamBytesPerSecond(MemberStepTraffic.StateFootprint(layout), threads),
            RooflineProbes.AdamParametersPerSecond(threads),
            RooflineProbes.MemberStepSeconds(shape, pairs, threads),
            MemberStepTraffic.Of(layout), GenerationFlops.TrainingStep(shape, pairs), layout.Count, sgemmCpuGflops * 1e9);
    }

    // per member step on one thread, with Threads members at once (each thread gets 1/Threads of the summed rates)
    public double FlopSeconds => StepFlops * Threads / FmaFlops;
    public double MemorySeconds => Traffic.StreamedBytes * Threads / StreamBytesPerSecond;
    public double AdamSeconds => Parameters * (double)Threads / AdamPerSecond;
    public double ArithmeticIntensity => StepFlops / Traffic.StreamedBytes;
    /// <summary>The most of the FMA peak a step can reach: FLOPs/peak over the longest of the three times.</summary>
    public double BoundShare => FlopSeconds / Math.Max(FlopSeconds, Math.Max(MemorySeconds, AdamSeconds));
    public double AchievedShare => FlopSeconds / StepSeconds;
    /// <summary>The achieved rate (all threads) against the wall-clock libtorch SGEMM peak of the generation rows.</summary>
    public double AchievedSgemmShare => StepFlops * Threads / StepSeconds / SgemmFlops;
    /// <summary>The achieved rate per thread CPU second against libtorch's SGEMM per thread CPU second (one thread):
    /// the peak, measured so that other processes' load barely moves it.</summary>
    public double AchievedSgemmCpuShare => StepFlops / StepSeconds / SgemmCpuFlops;
    /// <summary>The FMA register peak per thread CPU second (<see cref="FmaFlops"/> is summed over the threads).</summary>
    public double FmaFlopsPerThread => FmaFlops / Threads;

    public string Describe() =>
        I($"roofline of one member step ({string.Join('-', Shape.Hidden)}, D = {Pairs}, {Threads} member(s) at once, one per thread; times in thread CPU time): {StepFlops / 1e6:0.00} MFLOP, ")
        + I($"{Traffic.StreamedBytes / 1e6:0.00} MB streamed (θ/m/v {Traffic.StateBytes / 1e6:0.00}, forward weights {Traffic.ForwardWeightBytes / 1e6:0.00}, input-gradient weights {Traffic.InputGradientWeightBytes / 1e6:0.00}; ")
        + I($"activations {Traffic.ActivationBytes / 1e3:0} kB stay in cache) = {ArithmeticIntensity:0.0} FLOP/byte; ")
        + I($"measured on {Threads} thread(s) at once, summed: FMA peak {FmaFlops / 1e9:0.0} GFLOP/s ({FmaFlopsPerThread / 1e9:0.0} per thread), stream bandwidth {StreamBytesPerSecond / 1e9:0.0} GB/s over {MemberStepTraffic.StateFootprint(new MemberLayout(Shape, Pairs)) / 1e6:0.00} MB per thread, ")
        + I($"Adam {AdamPerSecond / 1e9:0.00} G parameters/s; per step: FLOPs at peak {1e3 * FlopSeconds:0.000} ms, memory {1e3 * MemorySeconds:0.000} ms, Adam arithmetic {1e3 * AdamSeconds:0.000} ms ")
        + I($"=> bound {100 * BoundShare:0.0}% of the FMA peak; achieved {1e3 * StepSeconds:0.000} ms = {100 * AchievedShare:0.0}% of the FMA peak ({100 * AchievedShare / BoundShare:0}% of the bound; ")
        + I($"{StepFlops / StepSeconds / 1e9:0.0} GFLOP per thread CPU second) = {100 * AchievedSgemmCpuShare:0.0}% of the SGEMM peak in CPU time ")
        + I($"({SgemmCpuFlops / 1e9:0.0} GFLOP per thread CPU second, libtorch, 1 thread; {100 * AchievedSgemmShare:0.0}% of the {SgemmFlops / 1e9:0.0} GFLOP/s wall-clock SGEMM on {Threads} thread(s))");

    static string I(FormattableString text) => FormattableString.Invariant(text);
}
