using Hades.Core.Envs;
using Hades.Core.Policies;
using Hades.Core.Random;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.Baselines.Ppo;

/// <summary>
/// Proximal Policy Optimization (Schulman et al. 2017), clipped-surrogate version with GAE, separate actor and
/// critic MLPs, on CPU. <see cref="Iterate"/> is a pure function of (config, state): its randomness comes from torch
/// generators seeded with <c>CounterRng.Key(seed, iteration, label)</c> (action sampling, minibatch order) and from
/// counter-based episode keys, so resuming from a saved <see cref="PpoState"/> continues exactly as an
/// uninterrupted run.
/// <para>One iteration: N instances × T steps with the current policy (discrete: categorical over the logits;
/// continuous: Gaussian mean + exp(log-std)·ε, clipped to the action bounds when stepping, the unclipped sample is
/// what the log-probabilities score). Done instances start their next episode at once. Terminal steps are not
/// bootstrapped; time-limit truncations are, by adding γ·V(final observation) to the truncating reward. Then GAE,
/// and <see cref="PpoConfig.Epochs"/> passes of <see cref="PpoConfig.Minibatches"/> shuffled minibatches minimising
/// L = L_clip + c_v·0.5·mean((V − R)²) − c_e·entropy, with per-minibatch advantage normalisation and one
/// gradient-clipped Adam step per minibatch.</para>
/// </summary>
public sealed class PpoTrainer
{
    const ulong SampleLabel = 0x53414D504C45UL, ShuffleLabel = 0x53485546UL; // "SAMPLE", "SHUF"

    readonly Func<int, IVectorEnv> factory;
    readonly float[]? obsOffset, obsScale;

    public PpoTrainer(PpoConfig config)
    {
        Config = config;
        Spec = config.Validate();
        Layout = new PpoLayout(Spec, config.Hidden);
        factory = TaskRegistry.Factory(config.Task);
        (obsOffset, obsScale) = PpoObservations.Normaliser(config);
    }

    public PpoConfig Config { get; }
    public EnvSpec Spec { get; }
    public PpoLayout Layout { get; }

    /// <summary>The state before the first iteration: fresh networks, zero Adam moments, every instance at the
    /// start of its episode 0.</summary>
    public PpoState Initial() => new(
        Iteration: 0,
        EnvSteps: 0,
        Parameters: PpoNetwork.Initialise(Layout, Config.Seed, Config.InitialLogStd),
        AdamFirstMoment: new float[Layout.Count],
        AdamSecondMoment: new float[Layout.Count],
        AdamSteps: 0,
        EpisodeCounters: new long[Config.Envs],
        EpisodeActions: Enumerable.Range(0, Config.Envs).Select(_ => Array.Empty<float>()).ToArray());

    /// <summary>Runs <paramref name="iterations"/> iterations from <paramref name="state"/>, calling
    /// <paramref name="onIteration"/> after each; returns the final state.</summary>
    public PpoState Train(PpoState state, int iterations, Action<PpoState, PpoIterationStats>? onIteration = null)
    {
        for (int k = 0; k < iterations; k++)
        {
            var (next, stats) = Iterate(state);
            onIteration?.Invoke(next, stats);
            state = next;
        }
        return state;
    }

    /// <summary>One PPO iteration: a rollout of N·T steps and the policy/value update. Does not modify
    /// <paramref name="state"/>.</summary>
    public (PpoState Next, PpoIterationStats Stats) Iterate(PpoState state)
    {
        CheckState(state);
        using var threads = TorchThreads.Use(Config.TorchThreads);
        using var scope = torch.NewDisposeScope();
        var envs = new PpoEnvironments(Spec, factory, Config.Seed, state);
        var rollout = Collect(envs, state);
        var (advantages, returns) = Gae.Compute(rollout.Rewards, rollout.Values, rollout.Dones, rollout.LastValues,
            Config.StepsPerEnv, Config.Envs, Config.Gamma, Config.Lambda);
        var (next, losses) = Update(state, rollout, advantages, returns);
        long envSteps = state.EnvSteps + Config.BatchSize;
        next = next with
        {
            Iteration = state.Iteration + 1,
            EnvSteps = envSteps,
            EpisodeCounters = envs.EpisodeCounters(),
            EpisodeActions = envs.EpisodeActions(),
        };
        int finished = rollout.FinishedReturns.Count;
        var stats = new PpoIterationStats(
            Iteration: next.Iteration,
            EnvSteps: envSteps,
            EpisodesFinished: finished,
            MeanEpisodeReturn: finished > 0 ? rollout.FinishedReturns.Average() : double.NaN,
            MeanEpisodeLength: finished > 0 ? rollout.FinishedLengths.Average() : double.NaN,
            PolicyLoss: losses.Policy, ValueLoss: losses.Value, Entropy: losses.Entropy,
            ApproxKl: losses.ApproxKl, ClipFraction: losses.ClipFraction,
            LearningRate: Config.LearningRateAt(state.Iteration));
        return (next, stats);
    }

    sealed record Rollout(float[] Observations, float[] Actions, float[] LogProbs, float[] Values, float[] Rewards,
        byte[] Dones, float[] LastValues, List<double> FinishedReturns, List<int> FinishedLengths);

    Rollout Collect(PpoEnvironments envs, PpoState state)
    {
        int n = Config.Envs, steps = Config.StepsPerEnv, o = Spec.ObservationSize, a = Spec.ActionSize;
        var observations = new float[steps * n * o];
        var actions = new float[steps * n * a];
        var logProbs = new float[steps * n];
        var values = new float[steps * n];
        var rewards = new float[steps * n];
        var dones = new byte[steps * n];
        var finishedReturns = new List<double>();
        var finishedLengths = new List<int>();
        var finalObs = new float[o];
        var envAction = new float[a];
        var truncatedSlots = new List<int>();
        var truncatedObs = new List<float>();

        using var noGrad = torch.no_grad();
        using var theta = TensorArrays.FromArray(state.Parameters, state.Parameters.Length);
        using var generator = new Generator(CounterRng.Key(Config.Seed, (ulong)state.Iteration, SampleLabel));
        for (int t = 0; t < steps; t++)
        {
            using var stepScope = torch.NewDisposeScope();
            var x = observations.AsSpan(t * n * o, n * o);
            PpoObservations.Normalise(envs.Observations, x, obsOffset, obsScale);
            var input = TensorArrays.FromArray(x, [n, o]);
            var (sampled, logProb) = PpoPolicy.Sample(Layout, theta, input, generator);
            var value = PpoNetwork.Value(Layout, theta, input);
            TensorArrays.ToArray(sampled).CopyTo(actions, t * n * a);
            TensorArrays.ToArray(logProb).CopyTo(logProbs, t * n);
            TensorArrays.ToArray(value).CopyTo(values, t * n);

            truncatedSlots.Clear(); truncatedObs.Clear();
            for (int i = 0; i < n; i++)
            {
                PpoPolicy.EnvAction(Spec, actions.AsSpan((t * n + i) * a, a), envAction);
                var step = envs.Step(i, envAction, finalObs);
                rewards[t * n + i] = (float)(step.Reward * Config.RewardScale);
                dones[t * n + i] = step.Done ? (byte)1 : (byte)0;
                if (!step.Done) continue;
                finishedReturns.Add(step.EpisodeReturn);
                finishedLengths.Add(step.EpisodeLength);
                if (step.Truncated) { truncatedSlots.Add(i); truncatedObs.AddRange(finalObs); }
            }
            if (truncatedSlots.Count > 0)
            {
                var normalised = new float[truncatedObs.Count];
                PpoObservations.Normalise(truncatedObs.ToArray(), normalised, obsOffset, obsScale);
                var bootstrap = TensorArrays.ToArray(
                    PpoNetwork.Value(Layout, theta, TensorArrays.FromArray(normalised, [truncatedSlots.Count, o])));
                for (int k = 0; k < truncatedSlots.Count; k++)
                    rewards[t * n + truncatedSlots[k]] += (float)(Config.Gamma * bootstrap[k]);
            }
        }
        var last = new float[n * o];
        PpoObservations.Normalise(envs.Observations, last, obsOffset, obsScale);
        float[] lastValues;
        using (var lastInput = TensorArrays.FromArray(last, [n, o]))
        using (var lastValue = PpoNetwork.Value(Layout, theta, lastInput))
            lastValues = TensorArrays.ToArray(lastValue);
        return new Rollout(observations, actions, logProbs, values, rewards, dones, lastValues, finishedReturns, finishedLengths);
    }

    readonly record struct Losses(double Policy, double Value, double Entropy, double ApproxKl, double ClipFraction);

    (PpoState Next, Losses Losses) Update(PpoState state, Rollout rollout, float[] advantages, float[] returns)
    {
        int batch = Config.BatchSize, o = Spec.ObservationSize, a = Spec.ActionSize, mb = Config.MinibatchSize;
        using var observations = TensorArrays.FromArray(rollout.Observations, [batch, o]);
        using var actions = TensorArrays.FromArray(rollout.Actions, [batch, a]);
        using var oldLogProbs = TensorArrays.FromArray(rollout.LogProbs, [batch]);
        using var advantageTensor = TensorArrays.FromArray(advantages, [batch]);
        using var returnTensor = TensorArrays.FromArray(returns, [batch]);
        using var theta = TensorArrays.FromArray(state.Parameters, state.Parameters.Length).requires_grad_(true);
        using var m = TensorArrays.FromArray(state.AdamFirstMoment, state.AdamFirstMoment.Length);
        using var v = TensorArrays.FromArray(state.AdamSecondMoment, state.AdamSecondMoment.Length);
        using var generator = new Generator(CounterRng.Key(Config.Seed, (ulong)state.Iteration, ShuffleLabel));
        double learningRate = Config.LearningRateAt(state.Iteration);
        long adamSteps = state.AdamSteps;
        using var totals = torch.zeros(5);
        using var k = new KeptScalars(Config.ValueCoefficient, Config.EntropyCoefficient, 1, Config.ClipRange);

        for (int epoch = 0; epoch < Config.Epochs; epoch++)
        {
            using var permutation = torch.randperm(batch, generator: generator);
            for (int start = 0; start < batch; start += mb)
            {
                using var scope = torch.NewDisposeScope();
                var index = permutation.narrow(0, start, mb);
                var x = observations.index_select(0, index);
                var (newLogProb, entropy) = PpoPolicy.LogProbAndEntropy(Layout, theta, x, actions.index_select(0, index));
                var old = oldLogProbs.index_select(0, index);
                var adv = advantageTensor.index_select(0, index);
                if (Config.NormaliseAdvantages) adv = PpoLoss.NormaliseAdvantages(adv);
                var policyLoss = PpoLoss.ClippedSurrogate(newLogProb, old, adv, Config.ClipRange);
                var valueLoss = PpoLoss.Value(PpoNetwork.Value(Layout, theta, x), returnTensor.index_select(0, index));
                var loss = policyLoss + k[0] * valueLoss - k[1] * entropy;
                loss.backward();
                var grad = theta.grad!;
                FlatAdam.Step(theta, grad, m, v, ++adamSteps, learningRate, Config.AdamEpsilon, Config.MaxGradNorm);
                grad.zero_();
                using (torch.no_grad())
                {
                    var logRatio = newLogProb - old;
                    var ratio = logRatio.exp();
                    var approxKl = ((ratio - k[2]) - logRatio).mean();
                    var clipFraction = ((ratio - k[2]).abs() > k[3]).to(ScalarType.Float32).mean();
                    totals.add_(torch.stack([policyLoss, valueLoss, entropy, approxKl, clipFraction]));
                }
            }
        }
        var sums = TensorArrays.ToArray(totals);
        double updates = Config.Epochs * Config.Minibatches;
        var next = state with
        {
            Parameters = TensorArrays.ToArray(theta),
            AdamFirstMoment = TensorArrays.ToArray(m),
            AdamSecondMoment = TensorArrays.ToArray(v),
            AdamSteps = adamSteps,
        };
        return (next, new Losses(sums[0] / updates, sums[1] / updates, sums[2] / updates, sums[3] / updates, sums[4] / updates));
    }

    void CheckState(PpoState state)
    {
        if (state.Parameters.Length != Layout.Count || state.AdamFirstMoment.Length != Layout.Count
            || state.AdamSecondMoment.Length != Layout.Count)
            throw new HadesUserException($"PPO state holds {state.Parameters.Length} parameters but the config's networks for '{Config.Task}' have {Layout.Count}");
        if (state.EpisodeCounters.Length != Config.Envs || state.EpisodeActions.Length != Config.Envs)
            throw new HadesUserException($"PPO state has {state.EpisodeCounters.Length} environment instances but the config asks for {Config.Envs}");
    }
}
