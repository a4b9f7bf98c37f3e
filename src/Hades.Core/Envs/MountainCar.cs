using Hades.Core.Random;

namespace Hades.Core.Envs;

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
public sealed class MountainCar : ClassicControlEnv
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

    public MountainCar(int count) : base(count, StateSize) { }

    public override EnvSpec Spec => SpecFor;

    protected override void ResetState(ulong key, Span<double> s)
    {
        s[0] = CounterRng.Uniform(key, 0, -0.6, -0.4);
        s[1] = 0;
    }

    protected override float StepState(Span<double> s, ReadOnlySpan<float> action, out bool terminated)
    {
        int a = Math.Clamp((int)Math.Round(action[0]), 0, 2);
        double position = s[0], velocity = s[1];
        velocity += (a - 1) * Force + Math.Cos(3 * position) * -Gravity;
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        position += velocity;
        position = Math.Clamp(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0;
        s[0] = position; s[1] = velocity;
        terminated = position >= GoalPosition && velocity >= GoalVelocity;
        return -1f;
    }

    protected override void Observe(ReadOnlySpan<double> s, Span<float> observation)
    {
        observation[0] = (float)s[0]; observation[1] = (float)s[1];
    }

    /// <summary>Sets one instance's state (position, velocity) and restarts its episode (tests).</summary>
    internal void SetState(int instance, double position, double velocity) => SetState(instance, [position, velocity]);
}
