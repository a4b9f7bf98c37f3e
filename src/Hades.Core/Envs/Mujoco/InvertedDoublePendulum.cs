namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// Vectorised InvertedDoublePendulum-v5 (Gymnasium <c>gymnasium/envs/mujoco/inverted_double_pendulum_v5.py</c>
/// with its defaults) on the project's <c>Models/inverted-double-pendulum.xml</c>.
/// <list type="bullet">
/// <item>frame_skip 5 (dt = 0.05 s); action: 1 cart force in [-1, 1].</item>
/// <item>Observation (9, v5; v4 had 11 with two always-zero constraint forces): cart position <c>qpos[0]</c>,
/// <c>sin(qpos[1:])</c>, <c>cos(qpos[1:])</c>, <c>clip(qvel, -10, 10)</c>, <c>clip(qfrc_constraint[0], -10, 10)</c>.</item>
/// <item>With (x, y) the x and z of the "tip" site: terminated when y ≤ 1; reward
/// <c>10 · (not terminated) − 0.01 x² − (y − 2)² − 1e-3 v1² − 5e-3 v2²</c>, v1, v2 = qvel[1], qvel[2].</item>
/// <item>Reset: qpos with uniform noise of scale 0.1, qvel with 0.1 · standard normal.</item>
/// </list>
/// </summary>
public sealed class InvertedDoublePendulum : MujocoVectorEnv
{
    public const double HealthyReward = 10.0;
    public const double MinTipHeight = 1.0;
    const int Nq = 3, Nv = 3;

    public static EnvSpec SpecFor { get; } =
        ContinuousSpec("inverted-double-pendulum", observationSize: 9, actionSize: 1, actionBound: 1f);

    public InvertedDoublePendulum(int count, int? threads = null)
        : base("inverted-double-pendulum", count, frameSkip: 5,
            MujocoNative.Field.Qpos | MujocoNative.Field.Qvel | MujocoNative.Field.SiteXpos | MujocoNative.Field.QfrcConstraint,
            threads)
    {
        if (Model.SiteCount != 1) throw new InvalidOperationException("inverted-double-pendulum model must have exactly the tip site");
    }

    public override EnvSpec Spec => SpecFor;

    protected override double ResetNoiseScale => 0.1;

    protected override VelocityNoise VelocityNoise => VelocityNoise.Normal;

    protected override void WriteObservation(ReadOnlySpan<double> record, Span<float> observation)
    {
        observation[0] = (float)record[0];
        observation[1] = (float)Math.Sin(record[1]);
        observation[2] = (float)Math.Sin(record[2]);
        observation[3] = (float)Math.Cos(record[1]);
        observation[4] = (float)Math.Cos(record[2]);
        for (int j = 0; j < Nv; j++) observation[5 + j] = (float)Math.Clamp(record[Nq + j], -10.0, 10.0);
        observation[8] = (float)Math.Clamp(record[Layout.QfrcConstraint], -10.0, 10.0);
    }

    protected override double Evaluate(ReadOnlySpan<double> before, ReadOnlySpan<double> after, ReadOnlySpan<double> action,
        out bool terminated)
    {
        double x = after[Layout.SiteXpos], y = after[Layout.SiteXpos + 2];
        double v1 = after[Nq + 1], v2 = after[Nq + 2];
        terminated = y <= MinTipHeight;
        double distPenalty = 0.01 * x * x + (y - 2) * (y - 2);
        double velPenalty = 1e-3 * v1 * v1 + 5e-3 * v2 * v2;
        return (terminated ? 0.0 : HealthyReward) - distPenalty - velPenalty;
    }
}
