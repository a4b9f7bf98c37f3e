namespace Hades.Core.Envs;

/// <summary>
/// The bookkeeping every classic-control vector env shares: a double-precision state per instance, the step count
/// and done flag, the reset and step loops (a done instance keeps its state, gets reward 0 and stays done), the
/// time limit (<see cref="EnvSpec.MaxSteps"/>) and the state-setting test hook. A task supplies its reset draw, its
/// one-instance dynamics and its observation of a state.
/// </summary>
public abstract class ClassicControlEnv : IVectorEnv
{
    readonly double[] state;
    readonly int[] steps;
    readonly bool[] done;
    readonly int stateSize;

    protected ClassicControlEnv(int count, int stateSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
        this.stateSize = stateSize;
        state = new double[count * stateSize];
        steps = new int[count];
        done = new bool[count];
    }

    public abstract EnvSpec Spec { get; }

    public int Count { get; }

    /// <summary>Draws one instance's initial state from its key alone.</summary>
    protected abstract void ResetState(ulong key, Span<double> s);

    /// <summary>Advances one running instance by one step in place; returns its reward.</summary>
    protected abstract float StepState(Span<double> s, ReadOnlySpan<float> action, out bool terminated);

    /// <summary>The observation of a state.</summary>
    protected abstract void Observe(ReadOnlySpan<double> s, Span<float> observation);

    public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations)
    {
        BufferChecks.Reset(Count, Spec.ObservationSize, instanceKeys, observations);
        for (int i = 0; i < Count; i++)
        {
            ResetState(instanceKeys[i], StateOf(i));
            steps[i] = 0;
            done[i] = false;
            Observe(StateOf(i), ObservationOf(i, observations));
        }
    }

    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> doneFlags)
    {
        int actionSize = Spec.ActionSize;
        BufferChecks.Step(Count, Spec.ObservationSize, actions, observations, rewards, doneFlags, actionSize);
        for (int i = 0; i < Count; i++)
        {
            if (done[i]) rewards[i] = 0f;
            else
            {
                rewards[i] = StepState(StateOf(i), actions.Slice(i * actionSize, actionSize), out bool terminated);
                done[i] = terminated || ++steps[i] >= Spec.MaxSteps;
            }
            doneFlags[i] = done[i] ? (byte)1 : (byte)0;
            Observe(StateOf(i), ObservationOf(i, observations));
        }
    }

    /// <summary>Test hook: sets one instance's state and restarts its episode.</summary>
    internal void SetState(int instance, ReadOnlySpan<double> values)
    {
        BufferChecks.Length(values.Length, stateSize, nameof(values));
        values.CopyTo(StateOf(instance));
        steps[instance] = 0;
        done[instance] = false;
    }

    Span<double> StateOf(int instance) => state.AsSpan(instance * stateSize, stateSize);

    Span<float> ObservationOf(int instance, Span<float> observations) =>
        observations.Slice(instance * Spec.ObservationSize, Spec.ObservationSize);
}
