using Hades.Core.Random;

namespace Hades.Core.Envs;

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
public sealed class CartPole : ClassicControlEnv
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

    public CartPole(int count) : base(count, StateSize) { }

    public override EnvSpec Spec => SpecFor;

    protected override void ResetState(ulong key, Span<double> s)
    {
        for (int k = 0; k < StateSize; k++) s[k] = CounterRng.Uniform(key, (ulong)k, -ResetBound, ResetBound);
    }

    protected override float StepState(Span<double> s, ReadOnlySpan<float> action, out bool terminated)
    {
        double x = s[0], xDot = s[1], theta = s[2], thetaDot = s[3];
        double force = action[0] > 0.5f ? ForceMag : -ForceMag;
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
        s[0] = x; s[1] = xDot; s[2] = theta; s[3] = thetaDot;

        terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThreshold || theta > ThetaThreshold;
        return 1f;
    }

    protected override void Observe(ReadOnlySpan<double> s, Span<float> observation)
    {
        for (int k = 0; k < StateSize; k++) observation[k] = (float)s[k];
    }
}
