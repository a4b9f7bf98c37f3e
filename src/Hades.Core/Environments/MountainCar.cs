using Hades.Core.Random;

namespace Hades.Core.Environments;

/// <summary>
/// Vectorised MountainCar-v0, following Gymnasium's <c>gymnasium/envs/classic_control/mountain_car.py</c>
/// wrapped in <c>TimeLimit(max_episode_steps=200)</c>.
/// <list type="bullet">
/// <item>Constants: position in [-1.2, 0.6], speed in [-0.07, 0.07], goal position 0.5 (goal velocity 0),
/// force 0.001, gravity 0.0025.</item>
/// <item>Dynamics: velocity += (action − 1)·force − cos(3·position)·gravity, clipped; position += velocity,
/// clipped; at the left wall a leftward velocity becomes 0.</item>
/// <item>Termination: position ≥ 0.5 and velocity ≥ 0. Reward −1 on every step, the terminating one included.</item>
/// <item>Truncation: after 200 steps. Reset: position uniform(−0.6, −0.4) (draw 0 of the instance key),
/// velocity 0.</item>
/// <item>Actions: 0 accelerate left, 1 none, 2 right. Observation: [position, velocity] as float.</item>
/// </list>
/// Episodes do not auto-reset: a done instance keeps its state, gets reward 0 and stays done.
/// </summary>
public sealed class MountainCar : IVectorEnv
{
    const int StateSize = 2;
    const double MinPosition = -1.2, MaxPosition = 0.6, MaxSpeed = 0.07, GoalPosition = 0.5, GoalVelocity = 0;
    const double Force = 0.001, Gravity = 0.0025;

    public static EnvSpec SpecFor { get; } = new(
        Name: "mountaincar",
        ObservationSize: StateSize,
        ObservationLow: [(float)MinPosition, (float)-MaxSpeed],
        ObservationHigh: [(float)MaxPosition, (float)MaxSpeed],
        ActionCount: 3,
        ActionSize: 1,
        MaxSteps: 200);

    readonly double[] state;   // Count × [position, velocity]
    readonly int[] steps;
    readonly bool[] done;

    public MountainCar(int count)
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
            int action = Math.Clamp((int)Math.Round(actions[i]), 0, 2);
            double position = state[i * 2], velocity = state[i * 2 + 1];
            velocity += (action - 1) * Force + Math.Cos(3 * position) * -Gravity;
            velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
            position += velocity;
            position = Math.Clamp(position, MinPosition, MaxPosition);
            if (position == MinPosition && velocity < 0) velocity = 0;
            state[i * 2] = position; state[i * 2 + 1] = velocity;
            steps[i]++;
            bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
            done[i] = terminated || steps[i] >= SpecFor.MaxSteps;
            rewards[i] = -1f;
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
