using Hades.Core.Random;

namespace Hades.Core.Envs;

/// <summary>
/// Vectorised Pendulum-v1, following Gymnasium's <c>gymnasium/envs/classic_control/pendulum.py</c>
/// (<c>PendulumEnv</c>, g = 10.0) wrapped in <c>TimeLimit(max_episode_steps=200)</c>.
/// <list type="bullet">
/// <item>Constants: max speed 8, max torque 2, dt 0.05, g 10.0, m 1.0, l 1.0.</item>
/// <item>Dynamics: u = clip(action, −2, 2); θ̇' = clip(θ̇ + (3g/(2l)·sin θ + 3/(m·l²)·u)·dt, −8, 8);
/// θ' = θ + θ̇'·dt (semi-implicit Euler: the angle advances with the new velocity). θ itself is not wrapped.</item>
/// <item>Reward: −(norm(θ)² + 0.1·θ̇² + 0.001·u²) computed from the state before the step, with
/// norm(θ) = ((θ + π) mod 2π) − π in [−π, π). Never terminates.</item>
/// <item>Truncation: after 200 steps. Reset: θ uniform(−π, π) (draw 0 of the instance key), θ̇ uniform(−1, 1) (draw 1).</item>
/// <item>Observation: [cos θ, sin θ, θ̇] as float. Action: one torque in [−2, 2] (ActionCount 0, ActionSize 1).</item>
/// </list>
/// Episodes do not auto-reset: a done instance keeps its state, gets reward 0 and stays done.
/// </summary>
public sealed class Pendulum : ClassicControlEnv
{
    const int StateSize = 2, ObservationSize = 3;
    const double MaxSpeed = 8, MaxTorque = 2, Dt = 0.05, G = 10.0, M = 1.0, L = 1.0;

    public static EnvSpec SpecFor { get; } = new(
        Name: "pendulum",
        ObservationSize: ObservationSize,
        ObservationLow: [-1f, -1f, (float)-MaxSpeed],
        ObservationHigh: [1f, 1f, (float)MaxSpeed],
        ActionCount: 0,
        ActionSize: 1,
        MaxSteps: 200)
    {
        ActionLow = [(float)-MaxTorque],
        ActionHigh = [(float)MaxTorque],
    };

    public Pendulum(int count) : base(count, StateSize) { }

    public override EnvSpec Spec => SpecFor;

    protected override void ResetState(ulong key, Span<double> s)
    {
        s[0] = CounterRng.Uniform(key, 0, -Math.PI, Math.PI);
        s[1] = CounterRng.Uniform(key, 1, -1.0, 1.0);
    }

    protected override float StepState(Span<double> s, ReadOnlySpan<float> action, out bool terminated)
    {
        double u = Math.Clamp((double)action[0], -MaxTorque, MaxTorque);
        double theta = s[0], thetaDot = s[1];
        double normalised = AngleNormalise(theta);
        double cost = normalised * normalised + 0.1 * thetaDot * thetaDot + 0.001 * u * u;
        double newThetaDot = thetaDot + (3 * G / (2 * L) * Math.Sin(theta) + 3.0 / (M * L * L) * u) * Dt;
        newThetaDot = Math.Clamp(newThetaDot, -MaxSpeed, MaxSpeed);
        s[0] = theta + newThetaDot * Dt;
        s[1] = newThetaDot;
        terminated = false; // only the 200-step time limit ends an episode
        return (float)-cost;
    }

    protected override void Observe(ReadOnlySpan<double> s, Span<float> observation)
    {
        observation[0] = (float)Math.Cos(s[0]);
        observation[1] = (float)Math.Sin(s[0]);
        observation[2] = (float)s[1];
    }

    /// <summary>((x + π) mod 2π) − π with a floored (Python) modulo, so the result lies in [−π, π).</summary>
    internal static double AngleNormalise(double x)
    {
        double period = 2 * Math.PI;
        double r = (x + Math.PI) % period;
        if (r < 0) r += period;
        return r - Math.PI;
    }

    /// <summary>Sets one instance's state (θ, θ̇) and restarts its episode (tests).</summary>
    internal void SetState(int instance, double theta, double thetaDot) => SetState(instance, [theta, thetaDot]);
}
