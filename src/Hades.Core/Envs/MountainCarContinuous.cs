using Hades.Core.Random;

namespace Hades.Core.Envs;

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
public sealed class MountainCarContinuous : ClassicControlEnv
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

    public MountainCarContinuous(int count) : base(count, StateSize) { }

    public override EnvSpec Spec => SpecFor;

    protected override void ResetState(ulong key, Span<double> s)
    {
        s[0] = CounterRng.Uniform(key, 0, -0.6, -0.4);
        s[1] = 0;
    }

    protected override float StepState(Span<double> s, ReadOnlySpan<float> actions, out bool terminated)
    {
        double action = actions[0];
        double force = Math.Min(Math.Max(action, MinAction), MaxAction);
        double position = s[0], velocity = s[1];
        velocity += force * Power - Gravity * Math.Cos(3 * position);
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        position += velocity;
        position = Math.Clamp(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0;
        s[0] = position; s[1] = velocity;
        terminated = position >= GoalPosition && velocity >= GoalVelocity;
        return (float)((terminated ? 100.0 : 0.0) - action * action * 0.1);
    }

    protected override void Observe(ReadOnlySpan<double> s, Span<float> observation)
    {
        observation[0] = (float)s[0]; observation[1] = (float)s[1];
    }

    /// <summary>Sets one instance's state (position, velocity) and restarts its episode (tests).</summary>
    internal void SetState(int instance, double position, double velocity) => SetState(instance, [position, velocity]);
}
