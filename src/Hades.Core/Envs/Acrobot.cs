using Hades.Core.Random;

namespace Hades.Core.Envs;

/// <summary>
/// Vectorised Acrobot-v1, following Gymnasium's <c>gymnasium/envs/classic_control/acrobot.py</c>
/// (<c>AcrobotEnv</c>) wrapped in <c>TimeLimit(max_episode_steps=500)</c>.
/// <list type="bullet">
/// <item>Constants: dt 0.2, link lengths 1, link masses 1, centres of mass at 0.5, moments of inertia 1, g 9.8,
/// MAX_VEL_1 4π, MAX_VEL_2 9π, AVAIL_TORQUE [-1, 0, +1], torque_noise_max 0, book_or_nips "book".</item>
/// <item>Dynamics: <c>_dsdt</c> ("book" variant) integrated by Gymnasium's <c>rk4</c> over t = [0, dt] (one
/// classic RK4 step of size dt, torque held constant), then θ1, θ2 wrapped into [-π, π] with <c>wrap</c> and
/// θ̇1, θ̇2 clipped with <c>bound</c>.</item>
/// <item>Termination: -cos(θ1) - cos(θ1 + θ2) &gt; 1. Reward -1 per step, 0 on the terminating step.</item>
/// <item>Truncation: after 500 steps (TimeLimit), reported through <c>done</c>.</item>
/// <item>Reset: θ1, θ2, θ̇1, θ̇2 each uniform(-0.1, 0.1), rounded to float32 as Gymnasium's
/// <c>.astype(np.float32)</c> does; instance i draws variable k as
/// <c>CounterRng.Uniform(CounterRng.Key(seed, i), k, -0.1, 0.1)</c>.</item>
/// <item>Observation (<c>_get_ob</c>): [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2] as float.
/// Action: index 0, 1, 2 into AVAIL_TORQUE (rounded and clamped to that range).</item>
/// </list>
/// Episodes do not auto-reset: a done instance keeps its state, gets reward 0 and stays done.
/// </summary>
public sealed class Acrobot : ClassicControlEnv
{
    const int StateSize = 4;
    const int ObservationSize = 6;
    const double Dt = 0.2;
    const double LinkLength1 = 1.0;
    const double LinkMass1 = 1.0;
    const double LinkMass2 = 1.0;
    const double LinkComPos1 = 0.5;
    const double LinkComPos2 = 0.5;
    const double LinkMoi = 1.0;
    const double Gravity = 9.8;
    const double MaxVel1 = 4 * Math.PI;
    const double MaxVel2 = 9 * Math.PI;
    const double ResetBound = 0.1;

    /// <summary>Gymnasium's observation space: ±1 for the cosines and sines, ±4π and ±9π for the velocities.</summary>
    public static EnvSpec SpecFor { get; } = new(
        Name: "acrobot",
        ObservationSize: ObservationSize,
        ObservationLow: [-1f, -1f, -1f, -1f, (float)-MaxVel1, (float)-MaxVel2],
        ObservationHigh: [1f, 1f, 1f, 1f, (float)MaxVel1, (float)MaxVel2],
        ActionCount: 3,
        ActionSize: 1,
        MaxSteps: 500);

    public Acrobot(int count) : base(count, StateSize) { }

    public override EnvSpec Spec => SpecFor;

    protected override void ResetState(ulong key, Span<double> s)
    {
        for (int k = 0; k < StateSize; k++) s[k] = (float)CounterRng.Uniform(key, (ulong)k, -ResetBound, ResetBound);
    }

    protected override float StepState(Span<double> s, ReadOnlySpan<float> action, out bool terminated)
    {
        double torque = Math.Clamp((int)MathF.Round(action[0]), 0, 2) - 1.0;   // AVAIL_TORQUE[a]
        double t1 = s[0], t2 = s[1], v1 = s[2], v2 = s[3];
        Rk4(ref t1, ref t2, ref v1, ref v2, torque);
        t1 = Wrap(t1);
        t2 = Wrap(t2);
        v1 = Math.Min(Math.Max(v1, -MaxVel1), MaxVel1);
        v2 = Math.Min(Math.Max(v2, -MaxVel2), MaxVel2);
        s[0] = t1; s[1] = t2; s[2] = v1; s[3] = v2;
        terminated = -Math.Cos(t1) - Math.Cos(t2 + t1) > 1.0;
        return terminated ? 0f : -1f;
    }

    protected override void Observe(ReadOnlySpan<double> s, Span<float> ob)
    {
        ob[0] = (float)Math.Cos(s[0]);
        ob[1] = (float)Math.Sin(s[0]);
        ob[2] = (float)Math.Cos(s[1]);
        ob[3] = (float)Math.Sin(s[1]);
        ob[4] = (float)s[2];
        ob[5] = (float)s[3];
    }

    /// <summary>Gymnasium's <c>rk4(_dsdt, s_augmented, [0, dt])</c>: one RK4 step of size dt, same operation order.</summary>
    static void Rk4(ref double t1, ref double t2, ref double v1, ref double v2, double torque)
    {
        const double h = Dt, h2 = Dt / 2.0, h6 = Dt / 6.0;
        Derivs(t1, t2, v1, v2, torque, out double a1, out double a2, out double a3, out double a4);
        Derivs(t1 + h2 * a1, t2 + h2 * a2, v1 + h2 * a3, v2 + h2 * a4, torque,
            out double b1, out double b2, out double b3, out double b4);
        Derivs(t1 + h2 * b1, t2 + h2 * b2, v1 + h2 * b3, v2 + h2 * b4, torque,
            out double c1, out double c2, out double c3, out double c4);
        Derivs(t1 + h * c1, t2 + h * c2, v1 + h * c3, v2 + h * c4, torque,
            out double d1, out double d2, out double d3, out double d4);
        t1 += h6 * (a1 + 2 * b1 + 2 * c1 + d1);
        t2 += h6 * (a2 + 2 * b2 + 2 * c2 + d2);
        v1 += h6 * (a3 + 2 * b3 + 2 * c3 + d3);
        v2 += h6 * (a4 + 2 * b4 + 2 * c4 + d4);
    }

    /// <summary>Gymnasium's <c>_dsdt</c> with <c>book_or_nips = "book"</c>, written in the same operation order.</summary>
    static void Derivs(double theta1, double theta2, double dtheta1, double dtheta2, double a,
        out double dTheta1, out double dTheta2, out double ddTheta1, out double ddTheta2)
    {
        const double m1 = LinkMass1, m2 = LinkMass2, l1 = LinkLength1;
        const double lc1 = LinkComPos1, lc2 = LinkComPos2, i1 = LinkMoi, i2 = LinkMoi, g = Gravity;
        double cos2 = Math.Cos(theta2);
        double sin2 = Math.Sin(theta2);
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + i2;
        double phi2 = m2 * lc2 * g * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
            + (m1 * lc1 + m2 * l1) * g * Math.Cos(theta1 - Math.PI / 2)
            + phi2;
        ddTheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2)
            / (m2 * (lc2 * lc2) + i2 - d2 * d2 / d1);
        ddTheta1 = -(d2 * ddTheta2 + phi1) / d1;
        dTheta1 = dtheta1;
        dTheta2 = dtheta2;
    }

    /// <summary>Gymnasium's <c>wrap(x, -π, π)</c>: shift by 2π until x lies in [-π, π].</summary>
    static double Wrap(double x)
    {
        const double diff = Math.PI - -Math.PI;
        while (x > Math.PI) x -= diff;
        while (x < -Math.PI) x += diff;
        return x;
    }
}
