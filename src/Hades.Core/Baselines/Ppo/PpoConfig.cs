using Hades.Core.Envs;

using Hades.Core.Torch;

namespace Hades.Core.Baselines.Ppo;

/// <summary>
/// Settings of a PPO run (Schulman et al. 2017, "Proximal Policy Optimization Algorithms", clipped-surrogate
/// variant). Defaults follow the common single-process setting of CleanRL's <c>ppo.py</c>/PureJaxRL's
/// <c>ppo.py</c>: separate 2×64 tanh actor and critic, GAE(γ = 0.99, λ = 0.95), clip 0.2, value coefficient 0.5,
/// Adam 3e-4 (ε = 1e-5) with global gradient-norm clipping at 0.5, per-minibatch advantage normalisation.
/// Every result is a pure function of these settings and a <see cref="PpoState"/>.
/// </summary>
public sealed record PpoConfig
{
    /// <summary>Task name from <see cref="TaskRegistry"/>.</summary>
    public string Task { get; init; } = "cartpole";

    /// <summary>Seed of everything random: initial weights, action sampling, minibatch order, episode starts.</summary>
    public ulong Seed { get; init; }

    /// <summary>Number of environment instances stepped in parallel (N).</summary>
    public int Envs { get; init; } = 8;

    /// <summary>Steps collected per instance per iteration (T); one iteration uses N·T environment steps.</summary>
    public int StepsPerEnv { get; init; } = 128;

    /// <summary>Passes over the N·T samples per iteration.</summary>
    public int Epochs { get; init; } = 4;

    /// <summary>Minibatches per epoch; N·T must be divisible by it.</summary>
    public int Minibatches { get; init; } = 4;

    /// <summary>Hidden widths of both the actor and the critic (tanh).</summary>
    public int[] Hidden { get; init; } = [64, 64];

    public double Gamma { get; init; } = 0.99;
    public double Lambda { get; init; } = 0.95;

    /// <summary>ε of the clipped surrogate: ratios are clipped to [1 − ε, 1 + ε].</summary>
    public double ClipRange { get; init; } = 0.2;

    public double ValueCoefficient { get; init; } = 0.5;
    public double EntropyCoefficient { get; init; } = 0.0;
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>When &gt; 0 the learning rate decays linearly from <see cref="LearningRate"/> at iteration 0 to 0 at
    /// this iteration (and stays 0 after it); 0 keeps it constant.</summary>
    public int LearningRateAnnealIterations { get; init; }

    public double AdamEpsilon { get; init; } = 1e-5;
    public double MaxGradNorm { get; init; } = 0.5;
    public bool NormaliseAdvantages { get; init; } = true;

    /// <summary>Feed the networks (obs − mean)/std with the task's fixed constants from
    /// <see cref="ObservationStats"/> (random-action statistics; no running statistics, so nothing extra to save).</summary>
    public bool NormaliseObservations { get; init; }

    /// <summary>Rewards are multiplied by this before GAE and the value loss (reported returns are unscaled).</summary>
    public double RewardScale { get; init; } = 1.0;

    /// <summary>Initial value of the state-independent log standard deviation (continuous actions only).</summary>
    public double InitialLogStd { get; init; }

    /// <summary>libtorch intra-op threads while PPO computes (on the calling thread, restored afterwards); 0 leaves the
    /// process setting alone. One thread is far cheaper for these tiny networks and makes results independent of
    /// the machine's core count.</summary>
    public int TorchThreads { get; init; } = 1;

    public int BatchSize => Envs * StepsPerEnv;
    public int MinibatchSize => BatchSize / Minibatches;

    /// <summary>Throws <see cref="HadesUserException"/> for settings PPO cannot run with; returns the task's spec.</summary>
    /// <summary>Upper bounds of the sizes (README, "Guarantees"); the batch (envs × steps-per-env) is held in memory whole.</summary>
    public static readonly IReadOnlyDictionary<string, long> Limits = new Dictionary<string, long>
    {
        ["envs"] = 65_536, ["steps_per_env"] = 1_000_000, ["epochs"] = 10_000, ["minibatches"] = 1_000_000,
    };
    public const long MaxBatch = 10_000_000;

    public EnvSpec Validate()
    {
        SettingsLimits.Check(this, Limits);
        var spec = TaskRegistry.Spec(Task);
        static void Require(bool ok, string message) { if (!ok) throw new HadesUserException(message); }
        Require(Envs >= 1, $"PPO needs at least one environment (envs = {Envs})");
        Require(StepsPerEnv >= 1, $"PPO needs at least one step per environment (steps-per-env = {StepsPerEnv})");
        Require((long)Envs * StepsPerEnv <= MaxBatch, $"envs × steps-per-env ({(long)Envs * StepsPerEnv}) is above the limit of {MaxBatch} steps per iteration");
        Require(Epochs >= 1, $"PPO needs at least one epoch (epochs = {Epochs})");
        Require(Minibatches >= 1 && BatchSize % Minibatches == 0,
            $"minibatches ({Minibatches}) must divide envs × steps-per-env ({BatchSize})");
        Require(Hidden.Length >= 1 && Hidden.All(h => h >= 1), "hidden widths must be positive and at least one layer");
        Require(Gamma is >= 0 and <= 1, $"gamma must be in [0, 1] (got {Gamma})");
        Require(Lambda is >= 0 and <= 1, $"lambda must be in [0, 1] (got {Lambda})");
        Require(ClipRange > 0, $"clip range must be positive (got {ClipRange})");
        Require(LearningRate > 0, $"learning rate must be positive (got {LearningRate})");
        Require(MaxGradNorm > 0, $"max grad norm must be positive (got {MaxGradNorm})");
        Require(LearningRateAnnealIterations >= 0, "learning-rate anneal iterations must be ≥ 0");
        Require(ValueCoefficient >= 0 && EntropyCoefficient >= 0, "loss coefficients must be ≥ 0");
        Require(TorchThreads >= 0, $"torch threads must be ≥ 0 (got {TorchThreads})");
        Require(RewardScale > 0, $"reward scale must be positive (got {RewardScale})");
        Require(spec.IsDiscrete || (spec.ActionLow.Length == spec.ActionSize && spec.ActionHigh.Length == spec.ActionSize),
            $"task '{Task}' has continuous actions without bounds");
        return spec;
    }

    /// <summary>Learning rate used in iteration <paramref name="iteration"/>.</summary>
    public double LearningRateAt(int iteration) => LearningRateAnnealIterations <= 0
        ? LearningRate
        : LearningRate * Math.Max(0.0, 1.0 - (double)iteration / LearningRateAnnealIterations);
}
