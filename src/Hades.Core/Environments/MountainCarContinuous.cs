using Hades.Core.Random;

namespace Hades.Core.Environments;

/// <summary>
/// Vectorised MountainCarContinuous-v0, following Gymnasium's
/// <c>gymnasium/envs/classic_control/continuous_mountain_car.py</c> (<c>Continuous_MountainCarEnv</c>) wrapped in
/// <c>TimeLimit(max_episode_steps=999)</c>.
/// <list type="bullet">
/// <item>Constants: position in [−1.2, 0.6], speed in [−0.07, 0.07], goal position 0.45 (goal velocity 0),
/// power 0.0015, gravity term 0.0025.</item>
/// <item>Dynamics: force = clip(action, −1, 1); velocity += force·power − 0.0025·cos(3·position), clipped;
/// position += velocity, clipped; at the left wall a leftward velocity becomes 0.</item>
/// <item>Termination: position ≥ 0.45 and velocity ≥ 0. Reward −0.1·action² on every step plus 100 on the
/// terminating step. As in Gymnasium the penalty uses the action as given (only the force is clipped), so
/// agents should clip to [−1, 1] themselves, as Gymnasium's <c>ClipAction</c> wrapper does.</item>
/// <item>Truncation: after 999 steps. Reset: position uniform(−0.6, −0.4) (draw 0 of the instance key), velocity 0.</item>
/// <item>Observation: [position, velocity] as float. Action: one force in [−1, 1] (ActionCount 0, ActionSize 1).</item>
/// </list>
/// Episodes do not auto-reset: a done instance keeps its state, gets reward 0 and stays done.
/// </summary>
public sealed class MountainCarContinuous : IVectorEnv
{
    const int StateSize = 2;
    const double MinPosition = -1.2, MaxPosition = 0.6, MaxSpeed = 0.07, GoalPosition = 0.45, GoalVelocity = 0;
    const double MinAction = -1, MaxAction = 1, Power = 0.0015, Gravity = 0.0025;

    public static EnvSpec SpecFor { get; } = new(
        Name: "mountaincar-continuous",
        ObservationSize: StateSize,
        ObservationLow: [(float)MinPosition, (float)-MaxSpeed],
        ObservationHigh: [(float)MaxPosition, (float)MaxSpeed],
        ActionCount: 0,
        ActionSize: 1,
        MaxSteps: 999)
    {
        ActionLow = [(float)MinAction],
        ActionHigh = [(float)MaxAction],
    };

    readonly double[] state;   // Count × [position, velocity]
    readonly int[] steps;
    readonly bool[] done;

    public MountainCarContinuous(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
        state = new double[count * StateSize];
        steps = new int[count];
        done = new bool[count];
    }

    public EnvSpec Spec => SpecFor;
    public int Count { get; }

    public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations)
    {
        BufferChecks.Reset(Count, StateSize, instanceKeys, observations);
        for (int i = 0; i < Count; i++)
        {
            state[i * 2] = CounterRng.Uniform(instanceKeys[i], 0, -0.6, -0.4);
            state[i * 2 + 1] = 0;
            steps[i] = 0;
            done[i] = false;
        }
        Write(observations);
    }

    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> doneFlags)
    {
        BufferChecks.Step(Count, StateSize, actions, observations, rewards, doneFlags);
        for (int i = 0; i < Count; i++)
        {
            if (done[i]) { rewards[i] = 0; doneFlags[i] = 1; continue; }
            double action = actions[i];
            double force = Math.Min(Math.Max(action, MinAction), MaxAction);
            double position = state[i * 2], velocity = state[i * 2 + 1];
            velocity += force * Power - Gravity * Math.Cos(3 * position);
            velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
            position += velocity;
            position = Math.Clamp(position, MinPosition, MaxPosition);
            if (position == MinPosition && velocity < 0) velocity = 0;
            state[i * 2] = position; state[i * 2 + 1] = velocity;
            bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
            double reward = (terminated ? 100.0 : 0.0) - action * action * 0.1;
            steps[i]++;
            done[i] = terminated || steps[i] >= SpecFor.MaxSteps;
            rewards[i] = (float)reward;
            doneFlags[i] = done[i] ? (byte)1 : (byte)0;
        }
        Write(observations);
    }

    /// <summary>Sets one instance's state (position, velocity) and restarts its episode (tests).</summary>
    internal void SetState(int instance, double position, double velocity)
    {
        state[instance * 2] = position; state[instance * 2 + 1] = velocity;
        steps[instance] = 0; done[instance] = false;
    }

    void Write(Span<float> observations)
    {
        for (int j = 0; j < state.Length; j++) observations[j] = (float)state[j];
    }
}
