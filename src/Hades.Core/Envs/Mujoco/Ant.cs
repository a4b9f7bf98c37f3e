namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// Vectorised Ant-v5 (Gymnasium <c>gymnasium/envs/mujoco/ant_v5.py</c>) on the project's <c>Models/ant.xml</c>,
/// with <c>include_cfrc_ext_in_observation=False</c> (27 observations, as Ant-v4's default; v5's default adds
/// the 78 clipped contact forces). Other settings are v5's defaults:
/// <list type="bullet">
/// <item>frame_skip 5 (dt = 0.05 s); action: 8 torques in [-1, 1].</item>
/// <item>Observation (27): <c>qpos[2:]</c> (13: torso z, quaternion, 8 joint angles), then qvel (14).</item>
/// <item>Reward: <c>1.0 · x_velocity + 1.0 · is_healthy − 0.5 · |a|² − 5e-4 · Σ clip(cfrc_ext, −1, 1)²</c>, the
/// velocity measured on the torso's (main body 1) frame position <c>xpos</c>; the contact cost is always
/// charged in v5.</item>
/// <item>Healthy: qpos and qvel finite and 0.2 ≤ z = qpos[2] ≤ 1.0 (inclusive); leaving it terminates.</item>
/// <item>Reset: qpos with uniform noise of scale 0.1, qvel with 0.1 · standard normal.</item>
/// </list>
/// </summary>
public sealed class Ant : MujocoVectorEnv
{
    public const double ForwardRewardWeight = 1.0;
    public const double CtrlCostWeight = 0.5;
    public const double ContactCostWeight = 5e-4;
    public const double HealthyReward = 1.0;
    public const double HealthyMinZ = 0.2, HealthyMaxZ = 1.0;
    public const double ContactForceBound = 1.0;
    const int Nq = 15, Nv = 14, MainBody = 1;

    public static EnvSpec SpecFor { get; } = ContinuousSpec("ant", observationSize: 27, actionSize: 8, actionBound: 1f);

    public Ant(int count, int? threads = null)
        : base("ant", count, frameSkip: 5,
            MujocoNative.Field.Qpos | MujocoNative.Field.Qvel | MujocoNative.Field.Xpos | MujocoNative.Field.CfrcExt, threads) { }

    public override EnvSpec Spec => SpecFor;

    protected override double ResetNoiseScale => 0.1;

    protected override VelocityNoise VelocityNoise => VelocityNoise.Normal;

    /// <summary>Gymnasium's <c>is_healthy</c>: finite state and torso height within [0.2, 1.0].</summary>
    public static bool IsHealthy(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel) =>
        AllFinite(qpos) && AllFinite(qvel) && qpos[2] >= HealthyMinZ && qpos[2] <= HealthyMaxZ;

    protected override void WriteObservation(ReadOnlySpan<double> record, Span<float> observation)
    {
        int o = 0;
        for (int j = 2; j < Nq; j++) observation[o++] = (float)record[j];
        for (int j = 0; j < Nv; j++) observation[o++] = (float)record[Nq + j];
    }

    protected override double Evaluate(ReadOnlySpan<double> before, ReadOnlySpan<double> after, ReadOnlySpan<double> action,
        out bool terminated)
    {
        int x = Layout.Xpos + 3 * MainBody;
        double xVelocity = (after[x] - before[x]) / Dt;
        double contact = 0;
        foreach (double f in after.Slice(Layout.CfrcExt, 6 * Model.BodyCount))
        {
            double c = Math.Clamp(f, -ContactForceBound, ContactForceBound);
            contact += c * c;
        }
        bool healthy = IsHealthy(after[..Nq], after.Slice(Nq, Nv));
        terminated = !healthy;
        return ForwardRewardWeight * xVelocity + (healthy ? HealthyReward : 0.0)
            - CtrlCostWeight * SquaredNorm(action) - ContactCostWeight * contact;
    }
}
