using System.Diagnostics;

namespace Hades.Core.Training;

/// <summary>Accumulated wall time of the inner-loop training and rollout phases (for benchmarks and progress), and the
/// process's CPU time during training (all threads: what other processes' load distorts far less than the wall time).</summary>
public sealed class PhaseTimings
{
    public TimeSpan Training { get; private set; }
    public TimeSpan Rollout { get; private set; }
    public TimeSpan TrainingCpu { get; private set; }

    public T TimeTraining<T>(Func<T> work)
    {
        var cpu = ProcessCpu();
        var sw = Stopwatch.StartNew();
        var r = work();
        Training += sw.Elapsed;
        TrainingCpu += ProcessCpu() - cpu;
        return r;
    }

    static TimeSpan ProcessCpu() { using var process = Process.GetCurrentProcess(); return process.TotalProcessorTime; }

    public T TimeRollout<T>(Func<T> work) { var sw = Stopwatch.StartNew(); var r = work(); Rollout += sw.Elapsed; return r; }
}
