using Hades.Core.Random;

namespace Hades.Core.Environments;

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
public sealed class Pendulum : IVectorEnv
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

    readonly double[] state;   // Count × [θ, θ̇]
    readonly int[] steps;
    readonly bool[] done;

    public Pendulum(int count)
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
        BufferChecks.Reset(Count, ObservationSize, instanceKeys, observations);
        for (int i = 0; i < Count; i++)
        {
            state[i * 2] = CounterRng.Uniform(instanceKeys[i], 0, -Math.PI, Math.PI);
            state[i * 2 + 1] = CounterRng.Uniform(instanceKeys[i], 1, -1.0, 1.0);
            steps[i] = 0;
            done[i] = false;
        }
        Write(observations);
    }

    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> doneFlags)
    {
        BufferChecks.Step(Count, ObservationSize, actions, observations, rewards, doneFlags);
        for (int i = 0; i < Count; i++)
        {
            if (done[i]) { rewards[i] = 0; doneFlags[i] = 1; continue; }
            double u = Math.Clamp((double)actions[i], -MaxTorque, MaxTorque);
            double theta = state[i * 2], thetaDot = state[i * 2 + 1];
            double normalised = AngleNormalise(theta);
            double cost = normalised * normalised + 0.1 * thetaDot * thetaDot + 0.001 * u * u;
            double newThetaDot = thetaDot + (3 * G / (2 * L) * Math.Sin(theta) + 3.0 / (M * L * L) * u) * Dt;
            newThetaDot = Math.Clamp(newThetaDot, -MaxSpeed, MaxSpeed);
            state[i * 2] = theta + newThetaDot * Dt;
            state[i * 2 + 1] = newThetaDot;
            done[i] = ++steps[i] >= SpecFor.MaxSteps;
            rewards[i] = (float)-cost;
            doneFlags[i] = done[i] ? (byte)1 : (byte)0;
        }
        Write(observations);
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
    internal void SetState(int instance, double theta, double thetaDot)
    {
        state[instance * 2] = theta; state[instance * 2 + 1] = thetaDot;
        steps[instance] = 0; done[instance] = false;
    }

    void Write(Span<float> observations)
    {
        for (int i = 0; i < Count; i++)
        {
            double theta = state[i * 2];
            observations[i * 3] = (float)Math.Cos(theta);
            observations[i * 3 + 1] = (float)Math.Sin(theta);
            observations[i * 3 + 2] = (float)state[i * 2 + 1];
        }
    }
}
