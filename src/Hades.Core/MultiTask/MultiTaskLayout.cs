using Hades.Core.Envs;

namespace Hades.Core.MultiTask;

/// <summary>
/// The shared input/output space of a multi-task agent. Input: each task has its own slot of features (task t's
/// observation goes to slot t, every other slot is zero), followed by a one-hot task indicator, so no input
/// weight has to serve two tasks' unrelated features. Output: one shared head padded to the largest action
/// count; task t only ever uses, and is only ever trained on, its first A_t outputs.
/// </summary>
public sealed class MultiTaskLayout
{
    readonly int[] offsets;

    public MultiTaskLayout(IReadOnlyList<EnvSpec> tasks)
    {
        Tasks = tasks;
        offsets = new int[tasks.Count];
        for (int t = 1; t < tasks.Count; t++) offsets[t] = offsets[t - 1] + tasks[t - 1].ObservationSize;
        Features = tasks.Sum(t => t.ObservationSize);
        ActionCount = tasks.Max(t => t.ActionCount);
    }

    public IReadOnlyList<EnvSpec> Tasks { get; }
    /// <summary>All tasks' feature slots together.</summary>
    public int Features { get; }
    public int InputSize => Features + Tasks.Count;
    public int ActionCount { get; }

    /// <summary>Writes task <paramref name="task"/>'s observation in the shared input space.</summary>
    public void Encode(int task, ReadOnlySpan<float> observation, Span<float> input)
    {
        input[..InputSize].Clear();
        observation.CopyTo(input[offsets[task]..]);
        input[Features + task] = 1f;
    }
}
