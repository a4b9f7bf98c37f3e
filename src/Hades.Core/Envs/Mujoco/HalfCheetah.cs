namespace Hades.Core.Envs.Mujoco;

/// <summary>
/// Vectorised HalfCheetah-v5 (Gymnasium <c>gymnasium/envs/mujoco/half_cheetah_v5.py</c> with its defaults) on the
/// project's <c>Models/halfcheetah.xml</c>.
/// <list type="bullet">
/// <item>frame_skip 5 (dt = 0.05 s); action: 6 torques in [-1, 1].</item>
/// <item>Observation (17): <c>qpos[1:]</c> (8), then qvel (9), unclipped.</item>
/// <item>Reward: <c>1.0 · (x_after − x_before)/dt − 0.1 · |a|²</c> with x = qpos[0]. It never terminates; episodes
/// end by truncation after 1000 steps.</item>
/// <item>Reset: qpos with uniform noise of scale 0.1, qvel with 0.1 · standard normal.</item>
/// </list>
/// </summary>
public sealed class HalfCheetah : MujocoVectorEnv
{
    public const double ForwardRewardWeight = 1.0;
    public const double CtrlCostWeight = 0.1;
    const int Nq = 9, Nv = 9;

    public static EnvSpec SpecFor { get; } = ContinuousSpec("halfcheetah", observationSize: 17, actionSize: 6, actionBound: 1f);

    public HalfCheetah(int count, int? threads = null)
        : base("halfcheetah", count, frameSkip: 5, MujocoNative.Field.Qpos | MujocoNative.Field.Qvel, threads) { }

    public override EnvSpec Spec => SpecFor;

    protected override double ResetNoiseScale => 0.1;

    protected override VelocityNoise VelocityNoise => VelocityNoise.Normal;

    protected override void WriteObservation(ReadOnlySpan<double> record, Span<float> observation) =>
        Hopper.PlanarObservation(record, observation, Nq, Nv, clipVelocity: false);

    protected override double Evaluate(ReadOnlySpan<double> before, ReadOnlySpan<double> after, ReadOnlySpan<double> action,
        out bool terminated)
    {
        terminated = false;
        double xVelocity = (after[0] - before[0]) / Dt;
        return ForwardRewardWeight * xVelocity - CtrlCostWeight * SquaredNorm(action);
    }
}
