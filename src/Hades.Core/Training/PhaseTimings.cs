using System.Diagnostics;

namespace Hades.Core.Training;

/// <summary>Accumulated wall time of the inner-loop training and rollout phases (for benchmarks and progress).</summary>
public sealed class PhaseTimings
{
    public TimeSpan Training { get; private set; }
    public TimeSpan Rollout { get; private set; }

    public T TimeTraining<T>(Func<T> work) { var sw = Stopwatch.StartNew(); var r = work(); Training += sw.Elapsed; return r; }
    public T TimeRollout<T>(Func<T> work) { var sw = Stopwatch.StartNew(); var r = work(); Rollout += sw.Elapsed; return r; }
}
