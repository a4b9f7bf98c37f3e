using System.Globalization;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Envs;
using Hades.Core.Random;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.DataFree.Policies;

/// <summary>
/// Data-free (simulator-free) distillation of a discrete-action PPO teacher into an MLP student. During
/// <see cref="Initial"/> and <see cref="Advance"/> the student sees only the frozen teacher network (white-box
/// forward/backward) and the task's <see cref="ObservationPrior"/>; the environment factory is used by
/// <see cref="Evaluate"/> (scoring) and by the <c>rollouts</c> upper bound only.
/// <para>Methods (one student step = one Adam step of the student on <see cref="DistilConfig.BatchSize"/> inputs,
/// loss KL(softmax T ‖ softmax S) unless noted):</para>
/// <list type="bullet">
/// <item><c>gas</c> — GAS-style (reconstruction): a class-conditional generator G(z, a) (MLP latent + one-hot(a) →
/// 64 → 64 → prior) trained every <see cref="DistilConfig.StudentStepsPerGeneratorStep"/> student steps on
/// L_G = CE(T(G(z, a)), a) − λ_adv·KL(T ‖ S)(G(z, a)) (target actions uniform); the run is split into
/// <see cref="DistilConfig.Restarts"/> equal rounds and G starts each from new weights and Adam moments; every min(round length, steps/10) steps
/// M = <see cref="DistilConfig.ExemplarsPerClass"/> samples per action are drawn and those the teacher gives that
/// action with probability ≥ τ enter a capped FIFO exemplar buffer (in the state). Student batches: half buffer,
/// half fresh generator samples (all fresh without a buffer).</item>
/// <item><c>dfad</c> — DFAD-style: unconditional generator maximising L1(T, S) on logits; student minimises L1.</item>
/// <item><c>dafl</c> — DAFL-style: unconditional generator minimising CE(T, argmax T) − 5·H(mean softmax T) (the
/// activation term is left out); student KL on fresh samples.</item>
/// <item><c>uniform</c> — fresh uniform random states of the prior every step.</item>
/// <item><c>rollouts</c> — classic policy distillation (Rusu et al. 2016) on teacher rollouts, the upper bound and
/// the only method that steps the environment: a pool of min(steps·batch, 50,000) states from ε-greedy (ε = 0.05)
/// teacher episodes; batches drawn from it, so the teacher is queried as often as in the other methods.</item>
/// </list>
/// </summary>
public sealed class PolicyDistilJob : IDistilJob
{
    public static readonly IReadOnlyList<string> Methods = ["gas", "dfad", "dafl", "uniform", "rollouts"];

    /// <summary>Base of the evaluation episode keys (episode e starts from CounterRng.Key(EvalSeed, e)): the same
    /// 100 episodes for every run, teacher, student and random policy.</summary>
    public const ulong EvalSeed = 0x4556414C44495354UL; // "EVALDIST"

    const ulong StudentInitLabel = 0x53494E4954UL, GeneratorInitLabel = 0x47494E4954UL, GeneratorStepLabel = 0x4753544550UL,
        StudentStepLabel = 0x5353544550UL, HarvestLabel = 0x48415256UL, PoolLabel = 0x504F4F4CUL, RandomLabel = 0x52414E44UL,
        SampleLabel = 0x53414D50UL, PoolEpsilonLabel = 0x45505331UL;
    const double PoolEpsilon = 0.05, MaxGradNorm = 10, AdamEpsilon = 1e-8, DaflEntropyWeight = 5;
    const int PoolCapacity = 50_000, PoolInstances = 16, GeneratorHidden = 64;

    readonly Func<int, IVectorEnv> environments, distillationEnvironments;
    readonly EnvUsage distillationUsage = new();
    readonly FlatMlp teacherNet, studentNet;
    readonly FlatMlp? generatorNet;
    readonly Tensor teacherTheta;
    readonly KeptScalars k;
    readonly int actions, observationSize, bufferCapacity;
    readonly bool generative, conditional;
    readonly Dictionary<int, double[]> randomReturns = [];
    float[]? pool;

    public PolicyDistilJob(DistilConfig config, PpoActorNetwork teacher, Func<int, IVectorEnv> environments)
    {
        Config = config.Validate();
        if (!Methods.Contains(config.Method))
            throw new HadesUserException($"unknown method '{config.Method}' for policy distillation (methods: {string.Join(", ", Methods)})");
        Teacher = teacher;
        this.environments = environments;
        // every environment the distillation itself uses (only the rollouts baseline has any) is counted here;
        // scoring (Evaluate) uses the plain factory
        distillationEnvironments = distillationUsage.Wrap(environments);
        Prior = ObservationPrior.For(config.Task, config.PriorScale);
        if (teacher.Shape.Input != Prior.ObservationSize || teacher.Spec.ActionCount < 2)
            throw new HadesUserException($"the teacher does not fit task '{config.Task}' ({teacher.Shape.Input} inputs, {teacher.Spec.ActionCount} actions)");
        actions = teacher.Spec.ActionCount;
        observationSize = Prior.ObservationSize;
        teacherNet = new FlatMlp(observationSize, teacher.Shape.Hidden, actions);
        var folded = teacher.FoldedFlat();
        teacherTheta = TensorArrays.FromArray(folded, folded.Length);
        StudentHidden = ParseHidden(config.Student);
        studentNet = new FlatMlp(observationSize, StudentHidden, actions);
        generative = config.Method is "gas" or "dfad" or "dafl";
        conditional = config.Method == "gas";
        if (generative)
            generatorNet = new FlatMlp(config.LatentSize + (conditional ? actions : 0), [GeneratorHidden, GeneratorHidden], Prior.RawSize);
        bufferCapacity = Math.Clamp(2_000_000 / observationSize, 1024, 50_000);
        k = new KeptScalars(config.AdversarialWeight, DaflEntropyWeight, 1.0, 1e-8);
    }

    /// <summary>The job of a config with its teacher resolved (<see cref="PolicyTeacher.Resolve"/>) and the task's
    /// environments from the registry (used for scoring and the rollouts baseline only).</summary>
    public static PolicyDistilJob Create(DistilConfig config, Action<string>? progress = null)
    {
        config.Validate();
        if (!Methods.Contains(config.Method))
            throw new HadesUserException($"unknown method '{config.Method}' for policy distillation (methods: {string.Join(", ", Methods)})");
        ParseHidden(config.Student);
        ObservationPrior.For(config.Task, config.PriorScale).Dispose();
        return new PolicyDistilJob(config, PolicyTeacher.Resolve(config, progress), TaskRegistry.Factory(config.Task));
    }

    public DistilConfig Config { get; }
    public PpoActorNetwork Teacher { get; }
    public ObservationPrior Prior { get; }
    public int[] StudentHidden { get; }

    /// <summary>Student MLP layout (flat parameter vector "student" of the state).</summary>
    public FlatMlp Student => studentNet;

    /// <summary>Environment transitions the distillation took in this process, measured by wrapping the environment
    /// factory (the rollouts baseline builds its pool once per process; 0 for every data-free method).</summary>
    public long DistillationEnvSteps => distillationUsage.EnvSteps;

    /// <summary>Environment resets the distillation asked for in this process (measured like <see cref="DistillationEnvSteps"/>).</summary>
    public long DistillationEnvResets => distillationUsage.Resets;

    int RoundLength => (Config.Steps + Config.Restarts - 1) / Config.Restarts;
    int HarvestEvery => Math.Min(RoundLength, Math.Max(1, (Config.Steps + 9) / 10));

    static int[] ParseHidden(string student)
    {
        if (string.IsNullOrWhiteSpace(student)) return [64, 64];
        var parts = student.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] <= 0)
                throw new HadesUserException($"student '{student}': policy students are hidden widths such as 64,64");
        return widths;
    }

    public DistilState Initial()
    {
        using var threads = TorchThreads.Use(1);
        var arrays = new List<Datasets.Npz.Named>();
        var student = studentNet.Initialise(CounterRng.Key(Config.Seed, StudentInitLabel), 0.01);
        AddAdam(arrays, "student", student);
        if (generatorNet is not null)
            AddAdam(arrays, "generator", generatorNet.Initialise(CounterRng.Key(Config.Seed, GeneratorInitLabel, 0), 1.0));
        if (conditional) arrays.Add(Datasets.Npz.Named.Floats("buffer", [0, observationSize], []));
        return new DistilState(0, arrays);
    }

    static void AddAdam(List<Datasets.Npz.Named> arrays, string name, float[] theta)
    {
        arrays.Add(Datasets.Npz.Named.Floats(name, [theta.Length], theta));
        arrays.Add(Datasets.Npz.Named.Floats(name + "_m", [theta.Length], new float[theta.Length]));
        arrays.Add(Datasets.Npz.Named.Floats(name + "_v", [theta.Length], new float[theta.Length]));
        arrays.Add(Datasets.Npz.Named.Longs(name + "_adam_steps", [], [0]));
    }

    /// <summary>A flat parameter vector with its Adam moments, as tensors for one <see cref="Advance"/>.</summary>
    sealed class Trained(float[] theta, float[] m, float[] v, long steps) : IDisposable
    {
        public Tensor Theta = TensorArrays.FromArray(theta, theta.Length).requires_grad_(true);
        public Tensor M = TensorArrays.FromArray(m, m.Length);
        public Tensor V = TensorArrays.FromArray(v, v.Length);
        public long Steps = steps;

        public static Trained From(DistilState s, string name) =>
            new(s.Floats(name), s.Floats(name + "_m"), s.Floats(name + "_v"), s.Longs(name + "_adam_steps")[0]);

        public void Reset(float[] theta)
        {
            using var noGrad = torch.no_grad();
            using var t = TensorArrays.FromArray(theta, theta.Length);
            Theta.copy_(t);
            M.zero_(); V.zero_();
            Steps = 0;
        }

        public void Step(double learningRate)
        {
            using var grad = Theta.grad!;
            using var norm = FlatAdam.Step(Theta, grad, M, V, ++Steps, learningRate, AdamEpsilon, MaxGradNorm);
            grad.zero_();
        }

        public void Save(List<Datasets.Npz.Named> arrays, string name)
        {
            var theta = TensorArrays.ToArray(Theta);
            arrays.Add(Datasets.Npz.Named.Floats(name, [theta.Length], theta));
            arrays.Add(Datasets.Npz.Named.Floats(name + "_m", [theta.Length], TensorArrays.ToArray(M)));
            arrays.Add(Datasets.Npz.Named.Floats(name + "_v", [theta.Length], TensorArrays.ToArray(V)));
            arrays.Add(Datasets.Npz.Named.Longs(name + "_adam_steps", [], [Steps]));
        }

        public void Dispose() { Theta.Dispose(); M.Dispose(); V.Dispose(); }
    }

    public DistilChunk Advance(DistilState state, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        using var threads = TorchThreads.Use(1);
        using var student = Trained.From(state, "student");
        using var generator = generatorNet is null ? null : Trained.From(state, "generator");
        var buffer = conditional ? BufferTensor(state) : null;
        if (Config.Method == "rollouts") EnsurePool();
        using var poolTensor = pool is null ? null : TensorArrays.FromArray(pool, pool.Length / observationSize, observationSize);
        double lossSum = 0, agreementSum = 0;
        try
        {
            for (int step = state.Step; step < state.Step + steps; step++)
            {
                using var scope = torch.NewDisposeScope();
                if (generator is not null)
                {
                    if (conditional && step > 0 && step % RoundLength == 0)
                        generator.Reset(generatorNet!.Initialise(CounterRng.Key(Config.Seed, GeneratorInitLabel, (ulong)(step / RoundLength)), 1.0));
                    if (step % Config.StudentStepsPerGeneratorStep == 0) GeneratorStep(generator, student, step);
                }
                var x = StudentBatch(step, generator, buffer, poolTensor);
                var (loss, agreement) = StudentStep(student, x);
                lossSum += loss; agreementSum += agreement;
                if (conditional && Config.UseBuffer && (step + 1) % HarvestEvery == 0)
                {
                    var next = Harvest(generator!, buffer!, step).DetachFromDisposeScope();
                    buffer!.Dispose();
                    buffer = next;
                }
            }
            var arrays = new List<Datasets.Npz.Named>();
            student.Save(arrays, "student");
            generator?.Save(arrays, "generator");
            if (buffer is not null)
            {
                long rows = buffer.shape[0];
                arrays.Add(Datasets.Npz.Named.Floats("buffer", [(int)rows, observationSize], rows == 0 ? [] : TensorArrays.ToArray(buffer)));
            }
            return new DistilChunk(new DistilState(state.Step + steps, arrays), lossSum / steps, agreementSum / steps);
        }
        finally { buffer?.Dispose(); }
    }

    Tensor BufferTensor(DistilState state)
    {
        var data = state.Floats("buffer");
        return TensorArrays.FromArray(data, data.Length / observationSize, observationSize);
    }

    Tensor TeacherLogits(Tensor x) => teacherNet.Forward(teacherTheta, x);

    /// <summary>Generator samples [n, O]: conditional on <paramref name="targets"/> (gas) or unconditional.</summary>
    Tensor Generate(Tensor theta, int n, Tensor? targets, Generator g)
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.randn(n, Config.LatentSize, generator: g);
        var input = targets is null ? z : torch.cat([z, torch.nn.functional.one_hot(targets, actions).to(ScalarType.Float32)], 1);
        return Prior.Map(generatorNet!.Forward(theta, input), g).MoveToOuterDisposeScope();
    }

    void GeneratorStep(Trained generator, Trained student, int step)
    {
        using var g = new Generator(CounterRng.Key(Config.Seed, GeneratorStepLabel, (ulong)step));
        int n = Config.BatchSize;
        Tensor loss;
        if (conditional)
        {
            var targets = torch.randint(actions, [n], generator: g);
            var x = Generate(generator.Theta, n, targets, g);
            var t = TeacherLogits(x);
            loss = torch.nn.functional.cross_entropy(t, targets);
            if (Config.AdversarialWeight > 0) loss = loss - DistilLosses.Kl(t, studentNet.Forward(student.Theta.detach(), x)) * k[0];
        }
        else
        {
            var x = Generate(generator.Theta, n, null, g);
            var t = TeacherLogits(x);
            if (Config.Method == "dfad") loss = -(t - studentNet.Forward(student.Theta.detach(), x)).abs().mean();
            else
            {
                var mean = t.softmax(1).mean([0]);
                var entropy = -(mean * mean.clamp_min(k[3]).log()).sum();
                loss = torch.nn.functional.cross_entropy(t, t.argmax(1)) - entropy * k[1];
            }
        }
        loss.backward();
        generator.Step(Config.GeneratorLearningRate);
    }

    Tensor StudentBatch(int step, Trained? generator, Tensor? buffer, Tensor? poolTensor)
    {
        using var g = new Generator(CounterRng.Key(Config.Seed, StudentStepLabel, (ulong)step));
        using var noGrad = torch.no_grad();
        int n = Config.BatchSize;
        switch (Config.Method)
        {
            case "uniform": return Prior.SampleUniform(n, g);
            case "rollouts": return poolTensor!.index_select(0, torch.randint(poolTensor.shape[0], [n], generator: g));
        }
        if (!conditional) return Generate(generator!.Theta, n, null, g);
        long rows = buffer!.shape[0];
        int fromBuffer = Config.UseBuffer && rows > 0 ? n / 2 : 0;
        var fresh = Generate(generator!.Theta, n - fromBuffer, torch.randint(actions, [n - fromBuffer], generator: g), g);
        return fromBuffer == 0 ? fresh : torch.cat([buffer.index_select(0, torch.randint(rows, [fromBuffer], generator: g)), fresh], 0);
    }

    (double Loss, double Agreement) StudentStep(Trained student, Tensor x)
    {
        Tensor t;
        using (torch.no_grad()) t = TeacherLogits(x);
        var s = studentNet.Forward(student.Theta, x);
        var loss = Config.Method == "dfad" ? (t - s).abs().mean() : DistilLosses.Kl(t, s);
        double agreement;
        using (torch.no_grad()) agreement = t.argmax(1).eq(s.argmax(1)).to(ScalarType.Float32).mean().ToSingle();
        loss.backward();
        student.Step(Config.StudentLearningRate);
        return (loss.ToSingle(), agreement);
    }

    /// <summary>M generator samples per action; those the teacher assigns that action with probability ≥ τ are
    /// appended to the buffer, which keeps its newest <c>bufferCapacity</c> rows.</summary>
    Tensor Harvest(Trained generator, Tensor buffer, int step)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var g = new Generator(CounterRng.Key(Config.Seed, HarvestLabel, (ulong)step));
        using var tau = Config.ConfidenceThreshold.ToScalar();
        var parts = new List<Tensor> { buffer };
        int m = Config.ExemplarsPerClass;
        for (int a = 0; a < actions; a++)
        {
            var targets = torch.tensor(Enumerable.Repeat((long)a, m).ToArray());
            var x = Generate(generator.Theta, m, targets, g);
            var confidence = TeacherLogits(x).softmax(1).select(1, a);
            var keep = confidence.ge(tau).nonzero().view(-1);
            if (keep.shape[0] > 0) parts.Add(x.index_select(0, keep));
        }
        var all = torch.cat(parts, 0);
        if (all.shape[0] > bufferCapacity) all = all.narrow(0, all.shape[0] - bufferCapacity, bufferCapacity);
        return all.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The rollouts pool: ε-greedy teacher episodes from keys CounterRng.Key(seed, POOL, episode).</summary>
    void EnsurePool()
    {
        lock (poolLock) BuildPool();
    }

    readonly object poolLock = new();

    void BuildPool()
    {
        if (pool is not null) return;
        int size = (int)Math.Min((long)Config.Steps * Config.BatchSize, PoolCapacity);
        var states = new List<float>(size * observationSize);
        using var noGrad = torch.no_grad();
        for (int batch = 0; states.Count < size * observationSize; batch++)
        {
            var env = distillationEnvironments(PoolInstances);
            var keys = new ulong[PoolInstances];
            for (int e = 0; e < PoolInstances; e++) keys[e] = CounterRng.Key(Config.Seed, PoolLabel, (ulong)(batch * PoolInstances + e));
            var obs = new float[PoolInstances * observationSize];
            var rewards = new float[PoolInstances];
            var done = new byte[PoolInstances];
            var act = new float[PoolInstances];
            env.Reset(keys, obs);
            for (int t = 0; t < env.Spec.MaxSteps && done.Any(d => d == 0) && states.Count < size * observationSize; t++)
            {
                using var scope = torch.NewDisposeScope();
                var greedy = Argmax(TeacherLogits(TensorArrays.FromArray(obs, PoolInstances, observationSize)));
                for (int e = 0; e < PoolInstances; e++)
                {
                    ulong key = CounterRng.Key(keys[e], PoolEpsilonLabel);
                    act[e] = CounterRng.Uniform(key, (ulong)(2 * t)) < PoolEpsilon
                        ? (int)(CounterRng.Uniform(key, (ulong)(2 * t + 1)) * actions) : greedy[e];
                    if (done[e] == 0 && states.Count < size * observationSize)
                        states.AddRange(obs.AsSpan(e * observationSize, observationSize));
                }
                env.Step(act, obs, rewards, done);
            }
        }
        pool = [.. states];
    }

    static int[] Argmax(Tensor logits)
    {
        using var a = logits.argmax(1).to(ScalarType.Int32);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(a.contiguous().bytes).ToArray();
    }

    // ----------------------------------------------------------------------------------------------------------
    // Scoring (the only place the data-free methods touch the environment)

    /// <summary>Returns of greedy play per episode, and agreement of <paramref name="compare"/> with the acting
    /// policy on the visited states, and the acting policy's action counts.</summary>
    sealed record Play(double[] Returns, long Agreements, long States, long[] ActionCounts, long[] AgreementsPerAction, List<float> Visited);

    const int VisitedCap = 20_000, CoverageStates = 1000;

    /// <param name="act">Logits of the acting policy; null plays uniformly random actions.</param>
    Play RunEpisodes(int episodes, Func<Tensor, Tensor>? act, Func<Tensor, Tensor>? compare, bool keepStates = false)
    {
        var visited = new List<float>();
        var env = environments(episodes);
        var keys = new ulong[episodes];
        for (int e = 0; e < episodes; e++) keys[e] = CounterRng.Key(EvalSeed, (ulong)e);
        var obs = new float[episodes * observationSize];
        var rewards = new float[episodes];
        var done = new byte[episodes];
        var chosen = new float[episodes];
        var returns = new double[episodes];
        var counts = new long[actions];
        long agreements = 0, states = 0;
        var agreementsPerAction = new long[actions];
        env.Reset(keys, obs);
        using var noGrad = torch.no_grad();
        for (int t = 0; t < env.Spec.MaxSteps && done.Any(d => d == 0); t++)
        {
            using var scope = torch.NewDisposeScope();
            var x = TensorArrays.FromArray(obs, episodes, observationSize);
            int[]? greedy = act is null ? null : Argmax(act(x));
            int[]? other = compare is null ? null : Argmax(compare(x));
            for (int e = 0; e < episodes; e++)
            {
                int a = greedy?[e] ?? (int)(CounterRng.Uniform(CounterRng.Key(EvalSeed, RandomLabel, (ulong)e), (ulong)t) * actions);
                chosen[e] = a;
                if (done[e] != 0) continue;
                counts[a]++;
                states++;
                if (keepStates && visited.Count < VisitedCap * observationSize) visited.AddRange(obs.AsSpan(e * observationSize, observationSize));
                if (other is not null && other[e] == a) { agreements++; agreementsPerAction[a]++; }
            }
            env.Step(chosen, obs, rewards, done);
            for (int e = 0; e < episodes; e++) returns[e] += rewards[e];
        }
        return new Play(returns, agreements, states, counts, agreementsPerAction, visited);
    }

    /// <summary>(S − R)/(T − R): 1 = the teacher's return, 0 = the random policy's; NaN when T = R.</summary>
    public static double NormalisedScore(double student, double teacher, double random) =>
        teacher == random ? double.NaN : (student - random) / (teacher - random);

    static double StandardDeviation(double[] values)
    {
        if (values.Length < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    static double StandardError(double[] values) => values.Length < 2 ? 0 : StandardDeviation(values) / Math.Sqrt(values.Length);

    public DistilScore Evaluate(DistilState state, int episodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        using var threads = TorchThreads.Use(1);
        using var theta = StudentTheta(state);
        Tensor Student(Tensor x) => studentNet.Forward(theta, x);
        var onTeacher = RunEpisodes(episodes, TeacherLogits, Student, keepStates: true);
        var onStudent = RunEpisodes(episodes, Student, TeacherLogits);
        double[]? random;
        lock (randomReturns)
            if (!randomReturns.TryGetValue(episodes, out random))
                randomReturns[episodes] = random = RunEpisodes(episodes, null, null).Returns;
        double s = onStudent.Returns.Average(), t = onTeacher.Returns.Average(), r = random.Average();
        var details = new Dictionary<string, double>
        {
            ["return_sd"] = StandardDeviation(onStudent.Returns),
            ["return_se"] = StandardError(onStudent.Returns),
            ["teacher_return"] = t,
            ["teacher_return_se"] = StandardError(onTeacher.Returns),
            ["random_return"] = r,
            ["normalised_score"] = NormalisedScore(s, t, r),
            ["agreement_teacher_states"] = (double)onTeacher.Agreements / Math.Max(1, onTeacher.States),
            ["agreement_student_states"] = (double)onStudent.Agreements / Math.Max(1, onStudent.States),
            ["distillation_env_steps"] = DistillationEnvStepsMeasured(),
            ["distillation_env_resets"] = DistillationEnvResets,
            ["episodes"] = episodes,
        };
        var set = GeneratedSet(state);
        var generated = new long[actions];
        foreach (int a in TeacherActions(set)) generated[a]++;
        details["coverage_distance"] = CoverageDistance(onTeacher.Visited, set);
        for (int a = 0; a < actions; a++)
        {
            details[$"generated_action_{a}"] = (double)generated[a] / Math.Max(1, generated.Sum());
            details[$"teacher_action_{a}"] = (double)onTeacher.ActionCounts[a] / Math.Max(1, onTeacher.States);
            // per-action recall on the teacher's states: of the states where the teacher chose a, the fraction where the student did too
            details[$"recall_action_{a}"] = onTeacher.ActionCounts[a] == 0 ? double.NaN : (double)onTeacher.AgreementsPerAction[a] / onTeacher.ActionCounts[a];
        }
        details["generated_set_size"] = generated.Sum();
        return new DistilScore("return", s, details);
    }

    /// <summary>The measured count; the rollouts baseline's pool is built first when this process has not built it yet
    /// (a run resumed only to be scored), so the figure is the pool's cost whatever the run's history.</summary>
    long DistillationEnvStepsMeasured()
    {
        if (Config.Method == "rollouts") EnsurePool();
        return DistillationEnvSteps;
    }

    Tensor StudentTheta(DistilState state)
    {
        var flat = state.Floats("student");
        if (flat.Length != studentNet.Count)
            throw new HadesUserException($"distillation state holds a student of {flat.Length} parameters; the config's student has {studentNet.Count}");
        return TensorArrays.FromArray(flat, flat.Length);
    }

    /// <summary>The generated set of a state [N, O]: gas's exemplar buffer (or, while it is empty, 256 generator
    /// samples per action), 1,024 samples of the dfad/dafl generator or of the uniform prior, or the rollouts pool.</summary>
    public float[] GeneratedSet(DistilState state)
    {
        using var threads = TorchThreads.Use(1);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var g = new Generator(CounterRng.Key(Config.Seed, SampleLabel, (ulong)state.Step));
        switch (Config.Method)
        {
            case "uniform": return TensorArrays.ToArray(Prior.SampleUniform(1024, g));
            case "rollouts": EnsurePool(); return pool!;
        }
        var theta = TensorArrays.FromArray(state.Floats("generator"), generatorNet!.Count);
        if (!conditional) return TensorArrays.ToArray(Generate(theta, 1024, null, g));
        if (Config.UseBuffer && state.Get("buffer").Shape[0] > 0) return state.Floats("buffer");
        var targets = torch.arange(actions, dtype: ScalarType.Int64).repeat_interleave(256);
        return TensorArrays.ToArray(Generate(theta, 256 * actions, targets, g));
    }

    /// <summary>The teacher's greedy action for each row of a flat [N, O] set.</summary>
    public int[] TeacherActions(float[] set)
    {
        if (set.Length == 0) return [];
        using var threads = TorchThreads.Use(1);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return Argmax(TeacherLogits(TensorArrays.FromArray(set, set.Length / observationSize, observationSize)));
    }

    /// <summary>
    /// How well the generated set covers the teacher's on-policy states: the mean, over up to 1,000 evenly spaced
    /// states of the teacher's evaluation episodes, of the Euclidean distance to the nearest of 1,000 evenly spaced
    /// states of the generated set (all of it when smaller; the same number for every method), with
    /// every observation dimension divided by its standard deviation under the prior's uniform distribution (so 0 =
    /// every teacher state was generated; uniform samples of a d-dimensional box give roughly a fixed value per task).
    /// </summary>
    double CoverageDistance(List<float> visited, float[] set)
    {
        int n = visited.Count / observationSize, g = set.Length / observationSize;
        if (n == 0 || g == 0) return double.NaN;
        using var threads = TorchThreads.Use(1);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var gen = new Generator(CounterRng.Key(EvalSeed, SampleLabel));
        var scale = Prior.SampleUniform(4096, gen).std([0]).clamp_min(k[3]);
        int take = Math.Min(n, CoverageStates);
        var rows = torch.tensor(Enumerable.Range(0, take).Select(i => (long)i * n / take).ToArray());
        var teacherStates = TensorArrays.FromArray(visited.ToArray(), n, observationSize).index_select(0, rows) / scale;
        int used = Math.Min(g, CoverageStates);
        var generatedRows = torch.tensor(Enumerable.Range(0, used).Select(i => (long)i * g / used).ToArray());
        var generatedStates = TensorArrays.FromArray(set, g, observationSize).index_select(0, generatedRows) / scale;
        var nearest = new List<Tensor>();
        for (int start = 0; start < take; start += 250)
        {
            var block = teacherStates.narrow(0, start, Math.Min(250, take - start));
            nearest.Add(torch.cdist(block, generatedStates).min(1).values);
        }
        return torch.cat(nearest, 0).mean().ToDouble();
    }

    public void WriteOutputs(DistilState state, string runDir) => PolicyOutputs.Write(this, state, runDir);

    public void Dispose()
    {
        teacherTheta.Dispose();
        k.Dispose();
        Prior.Dispose();
    }
}
