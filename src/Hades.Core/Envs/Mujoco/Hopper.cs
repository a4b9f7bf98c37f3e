namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// Vectorised Hopper-v5 (Gymnasium <c>gymnasium/envs/mujoco/hopper_v5.py</c> with its defaults) on the project's
/// <c>Models/hopper.xml</c>.
/// <list type="bullet">
/// <item>frame_skip 4 (dt = 0.008 s); action: 3 torques in [-1, 1].</item>
/// <item>Observation (11): <c>qpos[1:]</c> (z, angle, 3 joint angles), then <c>clip(qvel, -10, 10)</c> (6).</item>
/// <item>Reward: <c>1.0 · (x_after − x_before)/dt + 1.0 · is_healthy − 1e-3 · |a|²</c> with x = qpos[0].</item>
/// <item>Healthy: every value of <c>[qpos[2:], qvel]</c> in (−100, 100), z = qpos[1] &gt; 0.7 and angle = qpos[2] in
/// (−0.2, 0.2), all strict; the step that leaves it terminates the episode.</item>
/// <item>Reset: qpos and qvel with uniform noise of scale 5e-3.</item>
/// </list>
/// </summary>
public sealed class Hopper : MujocoVectorEnv
{
    public const double ForwardRewardWeight = 1.0;
    public const double CtrlCostWeight = 1e-3;
    public const double HealthyReward = 1.0;
    public const double HealthyStateBound = 100.0;
    public const double HealthyMinZ = 0.7;
    public const double HealthyAngleBound = 0.2;
    const int Nq = 6, Nv = 6;

    public static EnvSpec SpecFor { get; } = ContinuousSpec("hopper", observationSize: 11, actionSize: 3, actionBound: 1f);

    public Hopper(int count, int? threads = null)
        : base("hopper", count, frameSkip: 4, MujocoNative.Field.Qpos | MujocoNative.Field.Qvel, threads) { }

    public override EnvSpec Spec => SpecFor;

    protected override double ResetNoiseScale => 5e-3;

    protected override VelocityNoise VelocityNoise => VelocityNoise.Uniform;

    /// <summary>Gymnasium's <c>is_healthy</c> for a (qpos, qvel) state.</summary>
    public static bool IsHealthy(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel) =>
        AllInside(qpos[2..], -HealthyStateBound, HealthyStateBound)
        && AllInside(qvel, -HealthyStateBound, HealthyStateBound)
        && qpos[1] > HealthyMinZ
        && qpos[2] > -HealthyAngleBound && qpos[2] < HealthyAngleBound;

    protected override void WriteObservation(ReadOnlySpan<double> record, Span<float> observation) =>
        PlanarObservation(record, observation, Nq, Nv, clipVelocity: true);

    protected override double Evaluate(ReadOnlySpan<double> before, ReadOnlySpan<double> after, ReadOnlySpan<double> action,
        out bool terminated)
    {
        double xVelocity = (after[0] - before[0]) / Dt;
        bool healthy = IsHealthy(after[..Nq], after.Slice(Nq, Nv));
        terminated = !healthy;
        return ForwardRewardWeight * xVelocity + (healthy ? HealthyReward : 0.0) - CtrlCostWeight * SquaredNorm(action);
    }

    /// <summary>The planar walkers' observation from a [qpos, qvel] record: <c>qpos[1:]</c>, then qvel (clipped to ±10 when asked).</summary>
    internal static void PlanarObservation(ReadOnlySpan<double> record, Span<float> observation, int nq, int nv, bool clipVelocity)
    {
        int o = 0;
        for (int j = 1; j < nq; j++) observation[o++] = (float)record[j];
        for (int j = 0; j < nv; j++)
        {
            double v = record[nq + j];
            observation[o++] = (float)(clipVelocity ? Math.Clamp(v, -10.0, 10.0) : v);
        }
    }
}
