namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// Vectorised Humanoid-v5 (Gymnasium <c>gymnasium/envs/mujoco/humanoid_v5.py</c> with its defaults) on the
/// project's <c>Models/humanoid.xml</c>.
/// <list type="bullet">
/// <item>frame_skip 5 (dt = 0.015 s); action: 17 torques in [-0.4, 0.4].</item>
/// <item>Observation (348, v5; v4 had 376 with the world body's constant rows and the free joint's actuator
/// forces): <c>qpos[2:]</c> (22), qvel (23), <c>cinert[1:]</c> (13 × 10), <c>cvel[1:]</c> (13 × 6),
/// <c>qfrc_actuator[6:]</c> (17), <c>cfrc_ext[1:]</c> (13 × 6).</item>
/// <item>Reward: <c>1.25 · x_velocity + 5.0 · is_healthy − 0.1 · |a|² − min(5e-7 · Σ cfrc_ext², 10)</c>, the
/// velocity of the mass-weighted centre of the bodies' centres of mass (<c>xipos</c>).</item>
/// <item>Healthy: z = qpos[2] in (1.0, 2.0), strict; leaving it terminates.</item>
/// <item>Reset: qpos and qvel with uniform noise of scale 1e-2.</item>
/// </list>
/// </summary>
public sealed class Humanoid : MujocoVectorEnv
{
    public const double ForwardRewardWeight = 1.25;
    public const double CtrlCostWeight = 0.1;
    public const double ContactCostWeight = 5e-7;
    public const double ContactCostMax = 10.0;
    public const double HealthyReward = 5.0;
    public const double HealthyMinZ = 1.0, HealthyMaxZ = 2.0;
    const int Nq = 24, Nv = 23, Bodies = 14, FreeDofs = 6;

    public static EnvSpec SpecFor { get; } = ContinuousSpec("humanoid", observationSize: 348, actionSize: 17, actionBound: 0.4f);

    readonly double _totalMass;

    public Humanoid(int count, int? threads = null)
        : base("humanoid", count, frameSkip: 5,
            MujocoNative.Field.Qpos | MujocoNative.Field.Qvel | MujocoNative.Field.Xipos | MujocoNative.Field.Cinert
            | MujocoNative.Field.Cvel | MujocoNative.Field.QfrcActuator | MujocoNative.Field.CfrcExt, threads)
    {
        if (Model.BodyCount != Bodies) throw new InvalidOperationException($"humanoid model has {Model.BodyCount} bodies, expected {Bodies}");
        _totalMass = Model.BodyMass.Sum();
    }

    public override EnvSpec Spec => SpecFor;

    protected override double ResetNoiseScale => 1e-2;

    protected override VelocityNoise VelocityNoise => VelocityNoise.Uniform;

    public static bool IsHealthy(ReadOnlySpan<double> qpos) => qpos[2] > HealthyMinZ && qpos[2] < HealthyMaxZ;

    /// <summary>x of Gymnasium's <c>mass_center</c>: Σ body_mass · xipos / Σ body_mass.</summary>
    double MassCenterX(ReadOnlySpan<double> record)
    {
        double s = 0;
        for (int b = 0; b < Bodies; b++) s += Model.BodyMass[b] * record[Layout.Xipos + 3 * b];
        return s / _totalMass;
    }

    protected override void WriteObservation(ReadOnlySpan<double> record, Span<float> observation)
    {
        int o = 0;
        void Put(ReadOnlySpan<double> values, Span<float> obs)
        {
            foreach (double v in values) obs[o++] = (float)v;
        }
        Put(record.Slice(Layout.Qpos + 2, Nq - 2), observation);
        Put(record.Slice(Layout.Qvel, Nv), observation);
        Put(record.Slice(Layout.Cinert + 10, 10 * (Bodies - 1)), observation);
        Put(record.Slice(Layout.Cvel + 6, 6 * (Bodies - 1)), observation);
        Put(record.Slice(Layout.QfrcActuator + FreeDofs, Nv - FreeDofs), observation);
        Put(record.Slice(Layout.CfrcExt + 6, 6 * (Bodies - 1)), observation);
        if (o != SpecFor.ObservationSize) throw new InvalidOperationException($"humanoid observation has {o} values");
    }

    protected override double Evaluate(ReadOnlySpan<double> before, ReadOnlySpan<double> after, ReadOnlySpan<double> action,
        out bool terminated)
    {
        double xVelocity = (MassCenterX(after) - MassCenterX(before)) / Dt;
        double contactCost = Math.Min(ContactCostWeight * SquaredNorm(after.Slice(Layout.CfrcExt, 6 * Bodies)), ContactCostMax);
        bool healthy = IsHealthy(after.Slice(Layout.Qpos, Nq));
        terminated = !healthy;
        return ForwardRewardWeight * xVelocity + (healthy ? HealthyReward : 0.0)
            - CtrlCostWeight * SquaredNorm(action) - contactCost;
    }
}
