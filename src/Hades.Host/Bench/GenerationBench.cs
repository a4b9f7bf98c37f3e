using System.Diagnostics;
using System.Globalization;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Es;
using Hades.Core.Policies;
using Hades.Core.Training;
using Hades.Core.Training.Cpu;

namespace Hades.Host.Bench;

/// <summary>
/// Times whole HaDES generations on the pure core and puts them on a roofline: the generation's matrix FLOPs
/// (<see cref="GenerationFlops"/>: inner-loop training from the shapes, rollout forwards from the measured
/// environment steps), the achieved GFLOP/s and its share of the machine's measured SGEMM peak, environment steps
/// per second of rollout, the MuJoCo physics share, and the process's peak RSS while the generations ran.
/// </summary>
public static class GenerationBench
{
    /// <summary>One measured generation.</summary>
    /// <summary>One measured generation; <paramref name="Cpu"/> is the process's CPU seconds meanwhile (all threads), a figure
    /// that other processes' load inflates far less than the wall time.</summary>
    public sealed record Sample(double Total, double Train, double Rollout, double Physics, double MeanFitness, long EnvSteps, double Cpu = 0, double TrainCpu = 0);

    /// <summary>The mean of the measured generations, with their arithmetic.
    /// For image tasks (<paramref name="Images"/>) "rollout" is the fitness scoring of the trained CNNs on the
    /// real images, and <paramref name="RolloutFlops"/> its forward passes.</summary>
    public sealed record Summary(double Total, double Train, double Rollout, double Physics, double MeanFitness, double EnvSteps,
        double TrainingFlops, double RolloutFlops, double PeakRssMib, double Cpu = 0, bool Images = false, double TrainCpu = 0)
    {
        public double RolloutGflopsPerSecond => Rollout > 0 ? RolloutFlops / Rollout / 1e9 : 0;

        public double Flops => TrainingFlops + RolloutFlops;
        public double GflopsPerSecond => Flops / Total / 1e9;
        public double TrainingGflopsPerSecond => Train > 0 ? TrainingFlops / Train / 1e9 : 0;
        /// <summary>Training FLOPs per CPU second of the process during training (all threads).</summary>
        public double TrainingGflopsPerCpuSecond => TrainCpu > 0 ? TrainingFlops / TrainCpu / 1e9 : 0;
        public double EnvStepsPerSecond => Rollout > 0 ? EnvSteps / Rollout : 0;

        /// <summary>The roofline line printed under a configuration's timings.</summary>
        public string Describe(double peakGflops)
        {
            if (Images)
                return FormattableString.Invariant(
                    $"arithmetic: {Flops / 1e9:0.0} GFLOP per generation (CNN training {TrainingFlops / 1e9:0.0}, fitness scoring forwards {RolloutFlops / 1e9:0.0}); ") +
                    FormattableString.Invariant(
                    $"{GflopsPerSecond:0.0} GFLOP/s = {100 * GflopsPerSecond / peakGflops:0.0}% of the {peakGflops:0} GFLOP/s SGEMM peak (training {TrainingGflopsPerSecond:0.0} GFLOP/s = {100 * TrainingGflopsPerSecond / peakGflops:0.0}%, scoring {RolloutGflopsPerSecond:0.0} GFLOP/s = {100 * RolloutGflopsPerSecond / peakGflops:0.0}%); {(Cpu > 0 ? Flops / Cpu / 1e9 : 0):0.0} GFLOP per process CPU second; peak RSS {PeakRssMib:0} MiB");
            string arithmetic = FormattableString.Invariant(
                $"arithmetic: {Flops / 1e9:0.0} GFLOP per generation (training {TrainingFlops / 1e9:0.0}, rollout forwards {RolloutFlops / 1e9:0.00}); ");
            string roofline = FormattableString.Invariant(
                $"{GflopsPerSecond:0.0} GFLOP/s = {100 * GflopsPerSecond / peakGflops:0.0}% of the {peakGflops:0} GFLOP/s SGEMM peak (training alone {TrainingGflopsPerSecond:0.0} GFLOP/s = {100 * TrainingGflopsPerSecond / peakGflops:0.0}%); ");
            string rollout = FormattableString.Invariant(
                $"{EnvStepsPerSecond / 1e6:0.000} M env steps/s of rollout ({EnvSteps:0} steps); peak RSS {PeakRssMib:0} MiB");
            string physics = Physics > 0 ? FormattableString.Invariant($"; MuJoCo physics {100 * Physics / Rollout:0.0}% of rollout time") : "";
            return arithmetic + roofline + rollout + physics;
        }
    }

    /// <summary>Times one generation of every candidate in batches of <paramref name="batchSize"/>.</summary>
    public static Sample Generation(HadesProblem problem, EsState state, int[] all, int batchSize)
    {
        var physicsBefore = Core.Envs.Mujoco.PhysicsClock.Elapsed;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var timings = new PhaseTimings();
        var clock = Stopwatch.StartNew();
        var fitness = new List<float>();
        long steps = 0;
        foreach (var batch in WorkPlan.Batches(all, batchSize))
        {
            var scored = problem.ScoreCandidates(state, batch, timings);
            fitness.AddRange(scored.Fitness);
            steps += scored.EnvSteps.Sum();
        }
        double physics = (Core.Envs.Mujoco.PhysicsClock.Elapsed - physicsBefore).TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        return new Sample(clock.Elapsed.TotalSeconds, timings.Training.TotalSeconds, timings.Rollout.TotalSeconds, physics, fitness.Average(), steps, cpu,
            timings.TrainingCpu.TotalSeconds);
    }

    /// <summary>One warm-up generation, then <paramref name="repeats"/> measured ones (generations 1 … repeats of
    /// <paramref name="state"/>); <paramref name="each"/> sees every measured sample.</summary>
    public static Summary Measure(HadesProblem problem, EsState state, int repeats, Action<int, Sample>? each = null)
    {
        var config = problem.Config;
        var all = Enumerable.Range(0, config.PopulationSize).ToArray();
        PeakRss.Reset();
        Generation(problem, state, all, config.BatchSize); // warm-up (JIT, allocator)
        var samples = new List<Sample>();
        for (int r = 0; r < repeats; r++)
        {
            var sample = Generation(problem, state with { Generation = state.Generation + r + 1 }, all, config.BatchSize);
            samples.Add(sample);
            each?.Invoke(r + 1, sample);
        }
        double envSteps = samples.Average(s => (double)s.EnvSteps);
        var shape = PolicyShape(problem);
        long networks = (long)config.PopulationSize * config.EffectiveInits;
        double training, rollout;
        if (config.IsImageTask)
        {
            // every candidate's k CNNs: InnerSteps SGD steps on its 10·ipc images, then one forward of every selection image
            training = Core.Vision.CnnFlops.TrainingStep(problem.Layout.Size) * config.InnerSteps * networks;
            rollout = Core.Vision.CnnFlops.ForwardPerImage() * config.SelectionImages * networks;
        }
        else
        {
            training = shape is null || problem.Direct is not null ? 0 : GenerationFlops.Training(shape, problem.Layout.Size, config.InnerSteps, networks);
            rollout = shape is null ? 0 : GenerationFlops.Rollout(shape, (long)envSteps);
        }
        return new Summary(samples.Average(s => s.Total), samples.Average(s => s.Train), samples.Average(s => s.Rollout),
            samples.Average(s => s.Physics), samples.Average(s => s.MeanFitness), envSteps, training, rollout, PeakRss.Mib(), samples.Average(s => s.Cpu),
            config.IsImageTask, samples.Average(s => s.TrainCpu));
    }

    /// <summary>The trained policy's MLP (null for image tasks, whose CNN is not counted here).</summary>
    static MlpShape? PolicyShape(HadesProblem problem)
    {
        if (problem.Config.IsImageTask) return null;
        var inner = problem.Config.InnerLoop();
        var layout = problem.Layout;
        return new MlpShape(layout.ObservationSize, inner.Hidden, layout.IsContinuous ? layout.ContinuousActionSize : layout.ActionCount, inner.Activation);
    }
}

/// <summary>The machine's float32 matrix-multiply peak as libtorch reaches it: the best of a few large SGEMMs, on the wall
/// clock with the torch thread count (<see cref="MeasureGflops"/>, what other processes' load swings), or in the calling
/// thread's CPU time on one torch thread (<see cref="MeasureCpuGflops"/>: the load barely moves it).</summary>
public static class SgemmPeak
{
    /// <summary>GFLOP per thread CPU second (<see cref="ThreadCpuClock"/>) of the best of <paramref name="repeats"/>
    /// libtorch products of two size × size matrices with one torch thread, so the product runs on the calling thread and
    /// its clock counts all of it; the thread count is restored afterwards. Times the thread count, it is the
    /// all-core peak per second of CPU that each core gets.</summary>
    public static double MeasureCpuGflops(int size = 1536, int repeats = 6)
    {
        int threads = TorchSharp.torch.get_num_threads();
        try
        {
            if (threads != 1) TorchSharp.torch.set_num_threads(1);
            return BestProductGflops(size, repeats, ThreadCpuClock.Now);
        }
        finally
        {
            if (threads != 1) TorchSharp.torch.set_num_threads(threads);
        }
    }

    /// <summary>GFLOP per wall-clock second of the best of <paramref name="repeats"/> products with the current torch thread count.</summary>
    public static double MeasureGflops(int size = 1536, int repeats = 6) =>
        BestProductGflops(size, repeats, () => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency);

    /// <summary>GFLOP per second of <paramref name="now"/>'s clock of the best of <paramref name="repeats"/> products of
    /// two random size × size matrices, after one warm-up product.</summary>
    static double BestProductGflops(int size, int repeats, Func<double> now)
    {
        using var a = TorchSharp.torch.randn(size, size);
        using var b = TorchSharp.torch.randn(size, size);
        using (TorchSharp.torch.mm(a, b)) { } // warm-up
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            double start = now();
            using (TorchSharp.torch.mm(a, b)) { }
            best = Math.Min(best, now() - start);
        }
        return 2.0 * size * size * size / best / 1e9;
    }
}

/// <summary>This process's peak resident set (VmHWM), resettable so that each configuration reports its own.</summary>
public static class PeakRss
{
    /// <summary>Resets VmHWM to the current RSS (Linux ≥ 4.0: <c>5</c> into /proc/self/clear_refs); a no-op elsewhere.</summary>
    public static void Reset()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public static double Mib()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException) { }
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }
}
