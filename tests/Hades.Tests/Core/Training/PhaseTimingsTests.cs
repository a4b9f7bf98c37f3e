using Hades.Core.Training;
using Hades.Core.Training.Cpu;

namespace Hades.Tests.Core.Training;

public class PhaseTimingsTests
{
    [Fact]
    public void Training_time_counts_the_process_cpu_spent_in_the_phase()
    {
        var timings = new PhaseTimings();
        Assert.Equal(TimeSpan.Zero, timings.TrainingCpu);
        double spun = timings.TimeTraining(() =>
        {
            // 60 ms of this thread's CPU, however long the machine's load makes it take
            double start = ThreadCpuClock.Now(), x = 1;
            while (ThreadCpuClock.Now() - start < 0.06) x = Math.Sqrt(x + 1);
            return ThreadCpuClock.Now() - start + x * 0;
        });
        Assert.True(spun >= 0.06);
        // the process clock ticks in 10 ms steps: at least the spun time less two ticks
        Assert.InRange(timings.TrainingCpu.TotalSeconds, spun - 0.02, double.MaxValue);
        Assert.Equal(TimeSpan.Zero, timings.Rollout);
    }
}
