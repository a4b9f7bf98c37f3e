using Hades.Core.Envs;
using Hades.Core.Torch;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Policies;

/// <summary>What every policy method works with: the config, the frozen teacher (white-box logits), the student's
/// layout, the task's observation prior, the environments the distillation may use (only the rollouts baseline
/// does) and the scalars the losses keep alive.</summary>
public sealed class PolicyDistilParts(DistilConfig config, FlatMlp teacherNet, Tensor teacherTheta, FlatMlp student,
    ObservationPrior prior, int actions, Func<int, IVectorEnv> distillationEnvironments, KeptScalars scalars)
{
    public DistilConfig Config { get; } = config;
    public FlatMlp Student { get; } = student;
    public ObservationPrior Prior { get; } = prior;
    public int Actions { get; } = actions;
    public int ObservationSize => Prior.ObservationSize;
    public Func<int, IVectorEnv> DistillationEnvironments { get; } = distillationEnvironments;

    /// <summary>λ_adv, DAFL's entropy weight, 1, and the 1e-8 floor of logs and scales.</summary>
    public KeptScalars Scalars { get; } = scalars;

    public Tensor TeacherLogits(Tensor x) => teacherNet.Forward(teacherTheta, x);
}

/// <summary>Labels of the counter-RNG keys of the policy family (each method draws from its own streams).</summary>
static class PolicyRngLabels
{
    public const ulong StudentInit = 0x53494E4954UL, GeneratorInit = 0x47494E4954UL, GeneratorStep = 0x4753544550UL,
        StudentStep = 0x5353544550UL, Harvest = 0x48415256UL, Pool = 0x504F4F4CUL, Random = 0x52414E44UL,
        Sample = 0x53414D50UL, PoolEpsilon = 0x45505331UL;
}
