namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// Vectorised Walker2d-v5 (Gymnasium <c>gymnasium/envs/mujoco/walker2d_v5.py</c> with its defaults) on the
/// project's <c>Models/walker2d.xml</c>.
/// <list type="bullet">
/// <item>frame_skip 4 (dt = 0.008 s); action: 6 torques in [-1, 1].</item>
/// <item>Observation (17): <c>qpos[1:]</c> (8), then <c>clip(qvel, -10, 10)</c> (9).</item>
/// <item>Reward: <c>1.0 · (x_after − x_before)/dt + 1.0 · is_healthy − 1e-3 · |a|²</c> with x = qpos[0].</item>
/// <item>Healthy: z = qpos[1] in (0.8, 2.0) and angle = qpos[2] in (−1, 1), strict; leaving it terminates.</item>
/// <item>Reset: qpos and qvel with uniform noise of scale 5e-3.</item>
/// </list>
/// </summary>
public sealed class Walker2d : MujocoVectorEnv
{
    public const double ForwardRewardWeight = 1.0;
    public const double CtrlCostWeight = 1e-3;
    public const double HealthyReward = 1.0;
    public const double HealthyMinZ = 0.8, HealthyMaxZ = 2.0;
    public const double HealthyAngleBound = 1.0;
    const int Nq = 9, Nv = 9;

    public static EnvSpec SpecFor { get; } = ContinuousSpec("walker2d", observationSize: 17, actionSize: 6, actionBound: 1f);

    public Walker2d(int count, int? threads = null)
        : base("walker2d", count, frameSkip: 4, MujocoNative.Field.Qpos | MujocoNative.Field.Qvel, threads) { }

    public override EnvSpec Spec => SpecFor;

    protected override double ResetNoiseScale => 5e-3;

    protected override VelocityNoise VelocityNoise => VelocityNoise.Uniform;

    /// <summary>Gymnasium's <c>is_healthy</c>: only the torso height and angle count.</summary>
    public static bool IsHealthy(ReadOnlySpan<double> qpos) =>
        qpos[1] > HealthyMinZ && qpos[1] < HealthyMaxZ && qpos[2] > -HealthyAngleBound && qpos[2] < HealthyAngleBound;

    protected override void WriteObservation(ReadOnlySpan<double> record, Span<float> observation) =>
        Hopper.PlanarObservation(record, observation, Nq, Nv, clipVelocity: true);

    protected override double Evaluate(ReadOnlySpan<double> before, ReadOnlySpan<double> after, ReadOnlySpan<double> action,
        out bool terminated)
    {
        double xVelocity = (after[0] - before[0]) / Dt;
        bool healthy = IsHealthy(after[..Nq]);
        terminated = !healthy;
        return ForwardRewardWeight * xVelocity + (healthy ? HealthyReward : 0.0) - CtrlCostWeight * SquaredNorm(action);
    }
}
