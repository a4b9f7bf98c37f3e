using Hades.Core.Random;

namespace Hades.Core.Environments;

/// <summary>
/// Vectorised CartPole-v1, following Gymnasium's <c>gymnasium/envs/classic_control/cartpole.py</c>
/// (<c>CartPoleEnv</c>) wrapped in <c>TimeLimit(max_episode_steps=500)</c>.
/// <list type="bullet">
/// <item>Constants: gravity 9.8, masscart 1.0, masspole 0.1, length 0.5 (half the pole), force_mag 10, tau 0.02.</item>
/// <item>Dynamics: the Florian (2005) equations with the "euler" integrator: positions advance with the old
/// velocities, then velocities with the accelerations. State is kept in double, as Gymnasium keeps float64.</item>
/// <item>Termination: |x| &gt; 2.4 or |theta| &gt; 12·2π/360. Reward 1.0 on every step, the terminating one included.</item>
/// <item>Truncation: after 500 steps (TimeLimit), reported through <c>done</c>.</item>
/// <item>Reset: x, x_dot, theta, theta_dot each uniform(-0.05, 0.05); instance i draws variable k as
/// <c>CounterRng.Uniform(CounterRng.Key(seed, i), k, -0.05, 0.05)</c>.</item>
/// <item>Observation: [x, x_dot, theta, theta_dot] as float. Action 1 pushes right (+force_mag), anything else left.</item>
/// </list>
/// Episodes do not auto-reset: a done instance keeps its state, gets reward 0 and stays done.
/// </summary>
public sealed class CartPole : IVectorEnv
{
    const int StateSize = 4;
    const double Gravity = 9.8;
    const double MassCart = 1.0;
    const double MassPole = 0.1;
    const double TotalMass = MassPole + MassCart;
    const double Length = 0.5;
    const double PoleMassLength = MassPole * Length;
    const double ForceMag = 10.0;
    const double Tau = 0.02;
    const double ThetaThreshold = 12 * 2 * Math.PI / 360;
    const double XThreshold = 2.4;
    const double ResetBound = 0.05;

    /// <summary>Gymnasium's observation space: x ±4.8, theta ±2·12·2π/360, velocities ±float32 max.</summary>
    public static EnvSpec SpecFor { get; } = new(
        Name: "cartpole",
        ObservationSize: StateSize,
        ObservationLow: [(float)(-XThreshold * 2), -float.MaxValue, (float)(-ThetaThreshold * 2), -float.MaxValue],
        ObservationHigh: [(float)(XThreshold * 2), float.MaxValue, (float)(ThetaThreshold * 2), float.MaxValue],
        ActionCount: 2,
        ActionSize: 1,
        MaxSteps: 500);

    readonly double[] _state;   // Count × [x, x_dot, theta, theta_dot]
    readonly int[] _steps;
    readonly bool[] _done;

    public CartPole(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
        _state = new double[count * StateSize];
        _steps = new int[count];
        _done = new bool[count];
    }

    public EnvSpec Spec => SpecFor;

    public int Count { get; }

    public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations)
    {
        BufferChecks.Reset(Count, StateSize, instanceKeys, observations);
        for (int i = 0; i < Count; i++)
        {
            ulong key = instanceKeys[i];
            int o = i * StateSize;
            for (int k = 0; k < StateSize; k++)
                _state[o + k] = CounterRng.Uniform(key, (ulong)k, -ResetBound, ResetBound);
            _steps[i] = 0;
            _done[i] = false;
        }
        WriteObservations(observations);
    }

    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done)
    {
        BufferChecks.Step(Count, StateSize, actions, observations, rewards, done);

        int maxSteps = SpecFor.MaxSteps;
        double[] s = _state;
        for (int i = 0; i < Count; i++)
        {
            if (_done[i])
            {
                rewards[i] = 0f;
                done[i] = 1;
                continue;
            }

            int o = i * StateSize;
            double x = s[o], xDot = s[o + 1], theta = s[o + 2], thetaDot = s[o + 3];
            double force = actions[i] > 0.5f ? ForceMag : -ForceMag;
            double cosTheta = Math.Cos(theta);
            double sinTheta = Math.Sin(theta);

            double temp = (force + PoleMassLength * (thetaDot * thetaDot) * sinTheta) / TotalMass;
            double thetaAcc = (Gravity * sinTheta - cosTheta * temp)
                / (Length * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
            double xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;

            x += Tau * xDot;
            xDot += Tau * xAcc;
            theta += Tau * thetaDot;
            thetaDot += Tau * thetaAcc;
            s[o] = x; s[o + 1] = xDot; s[o + 2] = theta; s[o + 3] = thetaDot;

            bool terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThreshold || theta > ThetaThreshold;
            bool truncated = ++_steps[i] >= maxSteps;
            _done[i] = terminated || truncated;
            rewards[i] = 1f;
            done[i] = _done[i] ? (byte)1 : (byte)0;
        }
        WriteObservations(observations);
    }

    /// <summary>Test hook: sets instance <paramref name="instance"/> to [x, x_dot, theta, theta_dot] and restarts its episode.</summary>
    internal void SetState(int instance, ReadOnlySpan<double> state)
    {
        BufferChecks.Length(state.Length, StateSize, nameof(state));
        state.CopyTo(_state.AsSpan(instance * StateSize, StateSize));
        _steps[instance] = 0;
        _done[instance] = false;
    }

    void WriteObservations(Span<float> observations)
    {
        for (int j = 0; j < _state.Length; j++) observations[j] = (float)_state[j];
    }
}
