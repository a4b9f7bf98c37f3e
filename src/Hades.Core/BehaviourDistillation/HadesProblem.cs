using Hades.Core.Datasets;
using Hades.Core.Envs;
using Hades.Core.Policies;
using Hades.Core.Random;
using Hades.Core.Es;
using Hades.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.BehaviourDistillation;

/// <summary>
/// The HaDES fitness function as a pure computation: a candidate dataset's fitness is the mean return of
/// policies trained on it from k inits, over E episodes each. All candidates of a batch train and roll out
/// together (<c>[B, in, out]</c> weights, B = candidates × k). Every random choice is a function of
/// (seed, generation, index), so any process computes the same fitness for the same candidate.
/// </summary>
public sealed class HadesProblem
{
    const ulong InitLabel = 0x494E4954UL, FixedInitLabel = 0x4649584544UL, EpisodeLabel = 0x45504953UL, EvalLabel = 0x4556414CUL,
        LearnerLabel = 0x4C45524EUL, EvalLearnerLabel = 0x454C524EUL, GroupLabel = 0x47525550UL;

    public HadesConfig Config { get; }
    public DatasetLayout Layout { get; }
    public IEvolutionStrategy Strategy { get; }
    public EnvSpec Spec { get; }
    public Device Device { get; }
    /// <summary>Set when the run is the direct-ES baseline (the ES searches policy weights, not a dataset).</summary>
    public DirectPolicySearch? Direct { get; }
    /// <summary>Set for image tasks (Fashion-MNIST): the dataset is 10 × ipc images with fixed class labels.</summary>
    public Vision.ImageDistillation? Images { get; }
    /// <summary>Set for learner-robust HaDES (<c>--learners</c>): the distribution each policy draws its learner from.</summary>
    public LearnerSpace? Learners { get; }
    /// <summary>Length of the ES parameter vector.</summary>
    public int Dimension => Direct?.Dimension ?? Layout.Dimension;
    readonly Func<int, IVectorEnv> makeEnv;

    /// <summary>Test hook: the environments candidates are scored in (config's task and MinAtar options).</summary>
    internal IVectorEnv CreateEnv(int count) => makeEnv(count);

    public HadesProblem(HadesConfig config)
    {
        Config = config.Validate();
        Strategy = config.CreateStrategy();
        Device = DeviceSelector.Resolve(config.Device);
        if (config.IsImageTask)
        {
            // images as a dataset: 10·ipc "states" of 784 pixels, fixed class-major labels (pair i → class i / ipc)
            Images = new Vision.ImageDistillation(config);
            int classes = Hades.Core.Vision.FashionMnist.Classes, pixels = Hades.Core.Vision.FashionMnist.Pixels;
            Layout = new DatasetLayout(classes * config.ImagesPerClass, pixels, classes, LabelMode.Fixed);
            Spec = new EnvSpec(config.Task, pixels, new float[pixels], Enumerable.Repeat(1f, pixels).ToArray(), classes, 1, 0);
            makeEnv = _ => throw new InvalidOperationException("an image task has no environment");
            return;
        }
        Layout = config.Layout();
        Learners = config.LearnerSpaceValue();
        Spec = TaskRegistry.Spec(config.Task);
        makeEnv = TaskRegistry.Factory(config.Task, config.MinAtarOptions);
        if (config.IsDirectEs)
        {
            var inner = config.InnerLoop();
            var shape = new MlpShape(Spec.ObservationSize, inner.Hidden, Spec.IsDiscrete ? Spec.ActionCount : Spec.ActionSize, inner.Activation);
            Direct = new DirectPolicySearch(Spec, shape, makeEnv, Device, inner.Init);
        }
    }

    /// <summary>The ES starts from the all-zero dataset, as in the paper (direct ES: from a fresh network init).</summary>
    public EsState InitialState() => Strategy.Initial(Images?.InitialImages() ?? Direct?.InitialParameters(Config.Seed) ?? new float[Layout.Dimension]);

    /// <summary>Policy-init seeds for a generation: k fresh ones (HaDES-R) or the one fixed init (HaDES-F).</summary>
    public ulong[] InitSeeds(int generation) => Config.Mode == HadesMode.F
        ? [CounterRng.Key(Config.Seed, FixedInitLabel)]
        : Enumerable.Range(0, Config.EffectiveInits).Select(j => CounterRng.Key(Config.Seed, InitLabel, (ulong)generation, (ulong)j)).ToArray();

    /// <summary>Learner-robust HaDES: the k learners of a generation, one per init (policy j of every candidate is
    /// learner j from init j), shared by all candidates; null without <c>--learners</c>.</summary>
    public InnerLoopSettings[]? LearnerDraws(int generation) => Learners is null ? null
        : Enumerable.Range(0, Config.EffectiveInits)
            .Select(j => Learners.Draw(Config.InnerLoop(), CounterRng.Key(Config.Seed, LearnerLabel, (ulong)generation, (ulong)j))).ToArray();

    public ulong EpisodeSeed(int generation) => CounterRng.Key(Config.Seed, EpisodeLabel, (ulong)generation);

    /// <summary>Fitness of the given candidates of the state's generation, in the order given.</summary>
    public float[] EvaluateCandidates(EsState state, IReadOnlyList<int> indices, PhaseTimings? timings = null) =>
        ScoreCandidates(state, indices, timings).Fitness;

    /// <summary>Fitness of the given candidates of the state's generation and the environment steps each one took
    /// (all its inits' rollouts; 0 for image tasks), in the order given.</summary>
    public CandidateScores ScoreCandidates(EsState state, IReadOnlyList<int> indices, PhaseTimings? timings = null)
    {
        var candidates = new float[indices.Count][];
        for (int c = 0; c < indices.Count; c++)
        {
            candidates[c] = new float[Dimension];
            Strategy.Candidate(state, indices[c], candidates[c]);
        }
        if (Images is not null)
            return new(Images.Evaluate(candidates, InitSeeds(state.Generation), timings), new long[candidates.Length]);
        if (Direct is not null)
        {
            var scored = (timings ?? new PhaseTimings()).TimeRollout(() => Direct.Score(candidates, Config.Scoring, EpisodeSeed(state.Generation),
                Config.ActionSelection, true, Layout.ObservationOffset, Layout.ObservationScale, Layout.RunningNormalisation));
            return new(scored.Returns, scored.Steps);
        }
        if (LearnerDraws(state.Generation) is { } learners)
            return ScoreLearners(candidates, InitSeeds(state.Generation), learners, EpisodeSeed(state.Generation), Config.Scoring, timings);
        return TrainAndScore(candidates, InitSeeds(state.Generation), EpisodeSeed(state.Generation), Config.Scoring,
            Config.InnerLoop(), commonStarts: true, timings);
    }

    /// <summary>
    /// Fitness over mixed learners: policy j of every candidate is learner <paramref name="learners"/>[j] from init
    /// <paramref name="initSeeds"/>[j], and the fitness is the mean over j. All policies play the same common episode
    /// starts, and a policy's weights depend only on its init seed, learner and dataset, so the fitness is the same
    /// however the draws are grouped into batched passes (see <see cref="TrainAndScoreMixed"/>).
    /// </summary>
    public float[] TrainAndScoreLearners(float[][] candidates, ulong[] initSeeds, InnerLoopSettings[] learners,
        ulong episodeSeed, int episodes, PhaseTimings? timings = null) =>
        ScoreLearners(candidates, initSeeds, learners, episodeSeed, RolloutProtocol.Episodes(episodes), timings).Fitness;

    /// <summary><see cref="TrainAndScoreLearners"/> under any scoring protocol, with each candidate's environment
    /// steps. The fitness is the mean (or with --init-aggregate min, the least) of the k policies' scores (for the
    /// finished-mean protocol too).</summary>
    CandidateScores ScoreLearners(float[][] candidates, ulong[] initSeeds, InnerLoopSettings[] learners,
        ulong episodeSeed, RolloutProtocol protocol, PhaseTimings? timings)
    {
        int n = candidates.Length, k = initSeeds.Length;
        var perPolicy = TrainAndScoreMixed(candidates, initSeeds, learners, _ => episodeSeed, protocol, commonStarts: true, timings);
        var fitness = new float[n];
        var steps = new long[n];
        var aggregate = Config.InitAggregate;
        for (int c = 0; c < n; c++)
        {
            for (int j = 0; j < k; j++) steps[c] += perPolicy.EnvSteps[c * k + j];
            fitness[c] = InitAggregate.Of(aggregate, perPolicy.Fitness, c * k, k);
        }
        return new(fitness, steps);
    }

    /// <summary>
    /// One dataset trained into mixed learners: policy j is learner <paramref name="learners"/>[j] from init
    /// <paramref name="initSeeds"/>[j] and plays one episode from its own start. Returns one return per policy.
    /// </summary>
    public float[] EvaluateDatasetLearners(float[] parameters, InnerLoopSettings[] learners, ulong[] initSeeds, ulong episodeSeed,
        PhaseTimings? timings = null) =>
        TrainAndScoreMixed([parameters], initSeeds, learners, group => CounterRng.Key(episodeSeed, GroupLabel, (ulong)group),
            RolloutProtocol.Episodes(1), commonStarts: false, timings).Fitness;

    /// <summary>Eval return over the learner distribution: policy j is a fresh init of learner draw j (keyed by
    /// <paramref name="seed"/>), one episode each.</summary>
    public float[] EvaluateDatasetOverLearners(float[] parameters, int policies, ulong seed) =>
        EvaluateDatasetLearners(parameters,
            Enumerable.Range(0, policies).Select(j => Learners!.Draw(Config.InnerLoop(), CounterRng.Key(seed, EvalLearnerLabel, (ulong)j))).ToArray(),
            Enumerable.Range(0, policies).Select(j => CounterRng.Key(seed, EvalLabel, (ulong)j)).ToArray(),
            CounterRng.Key(seed, EpisodeLabel));

    /// <summary>
    /// Trains and scores candidates × k policies whose learners differ: policies whose learners share a network
    /// (shape, activation) train in one batched pass with per-policy learning rates and step counts
    /// (<see cref="MixedPolicyTrainer"/>; continuous tasks group by the whole learner) and roll out together.
    /// Returns the returns as [candidate · k + j]. Group g (numbered by its first draw) plays the starts of
    /// <paramref name="episodeSeedOfGroup"/>(g).
    /// </summary>
    CandidateScores TrainAndScoreMixed(float[][] candidates, ulong[] initSeeds, InnerLoopSettings[] learners, Func<int, ulong> episodeSeedOfGroup,
        RolloutProtocol protocol, bool commonStarts, PhaseTimings? timings)
    {
        int n = candidates.Length, k = initSeeds.Length;
        if (learners.Length != k) throw new ArgumentException("one learner per init");
        var returns = new float[n * k];
        var steps = new long[n * k];
        foreach (var group in Enumerable.Range(0, k).GroupBy(j => Layout.IsContinuous ? LearnerSpace.GroupKey(learners[j]) : LearnerSpace.NetworkKey(learners[j])))
        {
            var draws = group.ToArray();
            var schedule = Layout.IsContinuous ? null
                : new MemberSchedule(draws.Select(j => learners[j].LearningRate).ToArray(), draws.Select(j => learners[j].Steps).ToArray());
            var scored = TrainAndScore(candidates, draws.Select(j => initSeeds[j]).ToArray(), episodeSeedOfGroup(draws[0]), protocol,
                learners[draws[0]], commonStarts, timings, averageInits: false, schedule);
            for (int c = 0; c < n; c++)
                for (int g = 0; g < draws.Length; g++)
                {
                    returns[c * k + draws[g]] = scored.Fitness[c * draws.Length + g];
                    steps[c * k + draws[g]] = scored.EnvSteps[c * draws.Length + g];
                }
        }
        return new(returns, steps);
    }

    /// <summary>Per-init learning rates and step counts of one batched pass (init j of every candidate).</summary>
    sealed record MemberSchedule(double[] LearningRates, int[] Steps);

    /// <summary>
    /// Eval return of one dataset: <paramref name="policies"/> fresh inits (from <paramref name="seed"/>), each
    /// trained on the dataset and run for <paramref name="episodesPerPolicy"/> episodes with distinct starts. With
    /// <paramref name="fixedInit"/> every policy starts from the run's one fixed init instead (HaDES-F, where the
    /// dataset and that init together are the searched policy), so they differ only in their episodes.
    /// </summary>
    /// <returns>The mean return of each policy.</returns>
    public float[] EvaluateDataset(float[] parameters, int policies, int episodesPerPolicy, ulong seed,
        InnerLoopSettings? innerLoop = null, bool fixedInit = false)
    {
        var inits = fixedInit
            ? Enumerable.Repeat(CounterRng.Key(Config.Seed, FixedInitLabel), policies).ToArray()
            : Enumerable.Range(0, policies).Select(j => CounterRng.Key(seed, EvalLabel, (ulong)j)).ToArray();
        return TrainAndScore([parameters], inits, CounterRng.Key(seed, EpisodeLabel), RolloutProtocol.Episodes(episodesPerPolicy),
            innerLoop ?? Config.InnerLoop(), commonStarts: false, null, averageInits: false).Fitness;
    }

    /// <summary>Eval return reported in metrics.csv for the dataset at the start of a generation.</summary>
    public float EvaluateGenerationMean(EsState state) =>
        Images is not null ? Images.SelectionAccuracy(state.Mean, EvalInits(CounterRng.Key(Config.Seed, EvalLabel, (ulong)state.Generation), Config.EvalPolicies))
        : Direct is not null
        ? ScoreDirect([state.Mean], Config.EvalPolicies, CounterRng.Key(Config.Seed, EvalLabel, (ulong)state.Generation), false)[0]
        : EvalPolicyReturns(state) is var returns ? InitAggregate.Of(Config.EvalAggregate, returns, 0, returns.Length) : 0;

    /// <summary>HaDES on an environment task: the return of each of the <c>--eval-policies</c> fresh policies trained on
    /// the dataset at the start of the state's generation (one episode each); eval_return is their mean, or with
    /// <c>--eval-aggregate min</c> the worst.</summary>
    public float[] EvalPolicyReturns(EsState state) => Learners is not null
        ? EvaluateDatasetOverLearners(state.Mean, Config.EvalPolicies, CounterRng.Key(Config.Seed, EvalLabel, (ulong)state.Generation))
        : EvaluateDataset(state.Mean, Config.EvalPolicies, 1, CounterRng.Key(Config.Seed, EvalLabel, (ulong)state.Generation), fixedInit: IsFixedInit);

    bool IsFixedInit => Config.Mode == HadesMode.F;

    /// <summary>
    /// Final score of a run's result: one fresh policy per episode trained on the dataset, or, for direct ES,
    /// the searched policy itself on <paramref name="episodes"/> distinct starts (HaDES-F: the policy trained on the
    /// dataset from the run's fixed init, on distinct starts). One return per episode. For image
    /// tasks: the test-split accuracy (%) of <paramref name="episodes"/> fresh paper CNNs trained on the images.
    /// </summary>
    public float[] EvaluateResult(float[] parameters, int episodes, ulong seed) =>
        Images is not null ? Images.TestScores(parameters, EvalInits(seed, episodes)).Select(s => (float)(100 * s.Accuracy)).ToArray()
        : Direct is not null
        ? ScoreDirect(Enumerable.Repeat(parameters, episodes).ToArray(), 1, CounterRng.Key(seed, EpisodeLabel), false)
        : EvaluateDataset(parameters, episodes, 1, seed, fixedInit: IsFixedInit);

    static ulong[] EvalInits(ulong seed, int count) =>
        Enumerable.Range(0, count).Select(j => CounterRng.Key(seed, EvalLabel, (ulong)j)).ToArray();

    float[] ScoreDirect(float[][] parameters, int episodes, ulong episodeSeed, bool commonStarts) =>
        Direct!.Score(parameters, RolloutProtocol.Episodes(episodes), episodeSeed, Config.ActionSelection, commonStarts,
            Layout.ObservationOffset, Layout.ObservationScale, Layout.RunningNormalisation).Returns;

    /// <summary>Trains every (candidate, init) pair and scores it under <paramref name="protocol"/>; with
    /// <paramref name="averageInits"/> one score per candidate (its inits' mean, or for <see cref="FitnessProtocol.FinishedMean"/>
    /// the mean over all its inits' finished episodes), else one per policy. Steps: per candidate (or policy). A
    /// <paramref name="schedule"/> gives each init its own learning rate and step count (learner-robust HaDES).</summary>
    CandidateScores TrainAndScore(float[][] candidates, ulong[] initSeeds, ulong episodeSeed, RolloutProtocol protocol,
        InnerLoopSettings innerLoop, bool commonStarts, PhaseTimings? timings, bool averageInits = true, MemberSchedule? schedule = null)
    {
        timings ??= new PhaseTimings();
        int n = candidates.Length, k = initSeeds.Length, members = n * k;
        int d = Layout.Size, obs = Layout.ObservationSize, actions = Layout.IsContinuous ? Layout.ContinuousActionSize : Layout.ActionCount;
        var shape = new MlpShape(obs, innerLoop.Hidden, actions, innerLoop.Activation);
        using var scope = torch.NewDisposeScope();

        var states = new float[members * d * obs];
        for (int m = 0; m < members; m++)
            candidates[m / k].AsSpan(0, d * obs).CopyTo(states.AsSpan(m * d * obs));
        var statesTensor = torch.tensor(states, [members, d, obs]).to(Device);
        Tensor targets;
        if (Layout.IsContinuous)
        {
            var labels = new float[members * d * actions];
            for (int m = 0; m < members; m++)
                candidates[m / k].AsSpan(Layout.StateParameters, d * actions).CopyTo(labels.AsSpan(m * d * actions));
            targets = torch.tensor(labels, [members, d, actions]).to(Device);
        }
        else if (Layout.Labels == LabelMode.Fixed)
            targets = torch.nn.functional.one_hot(torch.tensor(Layout.FixedLabels().Select(l => (long)l).ToArray()), actions)
                .to(ScalarType.Float32).unsqueeze(0).to(Device);
        else
        {
            var logits = new float[members * d * actions];
            for (int m = 0; m < members; m++)
                candidates[m / k].AsSpan(Layout.StateParameters, d * actions).CopyTo(logits.AsSpan(m * d * actions));
            targets = torch.nn.functional.softmax(torch.tensor(logits, [members, d, actions]).to(Device), -1);
        }

        using var policies = BatchedMlp.Create(shape, initSeeds, m => m % k, members, Device, innerLoop.Init);
        using var logStd = Layout.IsContinuous ? GaussianPolicyTrainer.NewLogStd(members, actions, Device) : null;
        timings.TimeTraining(() =>
        {
            if (schedule is not null)
                MixedPolicyTrainer.Train(policies, statesTensor, targets, Enumerable.Range(0, members).Select(m => schedule.LearningRates[m % k]).ToArray(),
                    Enumerable.Range(0, members).Select(m => schedule.Steps[m % k]).ToArray(), innerLoop.AdamEpsilon);
            else if (logStd is null) PolicyTrainer.Train(policies, statesTensor, targets, innerLoop);
            else GaussianPolicyTrainer.Train(policies, logStd, statesTensor, targets, innerLoop);
            return 0;
        });
        var scored = timings.TimeRollout(() =>
            Rollout.Score(policies, makeEnv, protocol, episodeSeed, Config.ActionSelection, Device, commonStarts,
                Layout.ObservationOffset, Layout.ObservationScale, logStd, Layout.RunningNormalisation));
        if (!averageInits) return new(scored.Returns, scored.Steps);
        var fitness = new float[n];
        var steps = new long[n];
        for (int c = 0; c < n; c++)
        {
            double sum = 0, finishedSum = 0;
            long finished = 0;
            for (int j = 0; j < k; j++)
            {
                sum += scored.Returns[c * k + j];
                steps[c] += scored.Steps[c * k + j];
                finishedSum += scored.FinishedReturnSum[c * k + j];
                finished += scored.FinishedEpisodes[c * k + j];
            }
            fitness[c] = Config.InitAggregate == InitAggregateKind.Min ? InitAggregate.Of(InitAggregateKind.Min, scored.Returns, c * k, k)
                : protocol.Kind == FitnessProtocol.FinishedMean
                ? finished > 0 ? (float)(finishedSum / finished) : 0f
                : (float)(sum / k);
        }
        return new(fitness, steps);
    }
}

/// <summary>Candidates' fitness values and the environment steps each one took, in the same order.</summary>
public sealed record CandidateScores(float[] Fitness, long[] EnvSteps);
