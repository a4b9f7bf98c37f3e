using System.Globalization;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Envs;
using Hades.Core.Random;
using Hades.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Policies;

/// <summary>
/// Data-free (simulator-free) distillation of a discrete-action PPO teacher into an MLP student. During
/// <see cref="Initial"/> and <see cref="Advance"/> the student sees only the frozen teacher network (white-box
/// forward/backward) and the task's <see cref="ObservationPrior"/>; the environment factory is used by
/// <see cref="Evaluate"/> (scoring) and by the <c>rollouts</c> upper bound only.
/// <para>One student step = one Adam step of the student on <see cref="DistilConfig.BatchSize"/> inputs, loss
/// KL(softmax T ‖ softmax S) unless the method says otherwise. Where the inputs come from is the method's job, one
/// class each under <c>Methods/</c> (<see cref="PolicyMethods"/>: gas, dfad, dafl, uniform, rollouts); this class
/// runs what they share: student training, scoring and outputs.</para>
/// </summary>
public sealed class PolicyDistilJob : IDistilJob
{
    public static IReadOnlyList<string> Methods => PolicyMethods.Names;

    /// <summary>Base of the evaluation episode keys (episode e starts from CounterRng.Key(EvalSeed, e)): the same
    /// 100 episodes for every run, teacher, student and random policy.</summary>
    public const ulong EvalSeed = 0x4556414C44495354UL; // "EVALDIST"

    readonly EnvUsage distillationUsage = new();
    readonly FlatMlp studentNet;
    readonly Tensor teacherTheta;
    readonly KeptScalars k;
    readonly int actions, observationSize;
    readonly PolicyDistilParts parts;
    readonly PolicyMethod method;
    readonly PolicyScoring scoring;
    readonly Dictionary<int, double[]> randomReturns = [];

    /// <param name="environments">The task's environments: the job wraps them in its own counter for every use
    /// outside scoring, so the reported distillation steps are measured, whatever the method does.</param>
    /// <param name="method">Builds the method instead of the registry entry named by the config (a seam for tests that
    /// check the counter catches a method that steps the environment); null = <see cref="PolicyMethods.Registry"/>.</param>
    public PolicyDistilJob(DistilConfig config, PpoActorNetwork teacher, Func<int, IVectorEnv> environments,
        Func<PolicyDistilParts, PolicyMethod>? method = null)
    {
        Config = config.Validate();
        if (method is null && !PolicyMethods.Registry.Contains(config.Method)) throw new HadesUserException(PolicyMethods.Unknown(config.Method, Methods));
        Teacher = teacher;
        Prior = ObservationPrior.For(config.Task, config.PriorScale);
        if (teacher.Shape.Input != Prior.ObservationSize || teacher.Spec.ActionCount < 2)
            throw new HadesUserException($"the teacher does not fit task '{config.Task}' ({teacher.Shape.Input} inputs, {teacher.Spec.ActionCount} actions)");
        actions = teacher.Spec.ActionCount;
        observationSize = Prior.ObservationSize;
        var teacherNet = new FlatMlp(observationSize, teacher.Shape.Hidden, actions);
        var folded = teacher.FoldedFlat();
        teacherTheta = TensorArrays.FromArray(folded, folded.Length);
        StudentHidden = ParseHidden(config.Student);
        studentNet = new FlatMlp(observationSize, StudentHidden, actions);
        k = new KeptScalars(config.AdversarialWeight, DataFree.Policies.Methods.DaflPolicyMethod.EntropyWeight, 1.0, 1e-8);
        // every environment the distillation itself uses (only the rollouts baseline has any) is counted here;
        // scoring (Evaluate) uses the plain factory
        parts = new PolicyDistilParts(config, teacherNet, teacherTheta, studentNet, Prior, actions, distillationUsage.Wrap(environments), k);
        this.method = method?.Invoke(parts) ?? PolicyMethods.Registry.Create(config.Method, parts, PolicyMethods.Unknown);
        scoring = new PolicyScoring(parts, environments);
    }

    /// <summary>The job of a config with its teacher resolved (<see cref="PolicyTeacher.Resolve"/>) and the task's
    /// environments from the registry (used for scoring and the rollouts baseline only).</summary>
    public static PolicyDistilJob Create(DistilConfig config, Action<string>? progress = null)
    {
        config.Validate();
        if (!PolicyMethods.Registry.Contains(config.Method)) throw new HadesUserException(PolicyMethods.Unknown(config.Method, Methods));
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

    /// <summary><c>Step</c> calls on the distillation's environments in this process (one call steps every instance of a
    /// vector environment; measured like <see cref="DistillationEnvSteps"/>).</summary>
    public long DistillationEnvStepCalls => distillationUsage.StepCalls;

    /// <summary>Environments the distillation created in this process (measured like <see cref="DistillationEnvSteps"/>).</summary>
    public long DistillationEnvsCreated => distillationUsage.Created;

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
        AdamVector.AddInitial(arrays, "student", studentNet.Initialise(CounterRng.Key(Config.Seed, PolicyRngLabels.StudentInit), 0.01));
        method.AddInitialArrays(arrays);
        return new DistilState(0, arrays);
    }

    public DistilChunk Advance(DistilState state, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        using var threads = TorchThreads.Use(1);
        using var student = AdamVector.From(state, "student");
        using var chunk = method.Begin(state);
        double lossSum = 0, agreementSum = 0;
        for (int step = state.Step; step < state.Step + steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            chunk.BeforeStudentStep(step, student);
            Tensor x;
            using (var g = new Generator(CounterRng.Key(Config.Seed, PolicyRngLabels.StudentStep, (ulong)step)))
            using (torch.no_grad())
                x = chunk.StudentBatch(step, g);
            var (loss, agreement) = StudentStep(student, x);
            lossSum += loss; agreementSum += agreement;
            chunk.AfterStudentStep(step);
        }
        var arrays = new List<Datasets.Npz.Named>();
        student.Save(arrays, "student");
        chunk.Save(arrays);
        return new DistilChunk(new DistilState(state.Step + steps, arrays), lossSum / steps, agreementSum / steps);
    }

    (double Loss, double Agreement) StudentStep(AdamVector student, Tensor x)
    {
        Tensor t;
        using (torch.no_grad()) t = parts.TeacherLogits(x);
        var s = studentNet.Forward(student.Theta, x);
        var loss = method.StudentLoss(t, s);
        double agreement;
        using (torch.no_grad()) agreement = t.argmax(1).eq(s.argmax(1)).to(ScalarType.Float32).mean().ToSingle();
        loss.backward();
        student.Step(Config.StudentLearningRate);
        return (loss.ToSingle(), agreement);
    }

    /// <summary>(S − R)/(T − R): 1 = the teacher's return, 0 = the random policy's; NaN when T = R.</summary>
    public static double NormalisedScore(double student, double teacher, double random) =>
        teacher == random ? double.NaN : (student - random) / (teacher - random);

    public DistilScore Evaluate(DistilState state, int episodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        using var threads = TorchThreads.Use(1);
        using var theta = StudentTheta(state);
        Tensor StudentLogits(Tensor x) => studentNet.Forward(theta, x);
        var onTeacher = scoring.RunEpisodes(episodes, parts.TeacherLogits, StudentLogits, keepStates: true);
        var onStudent = scoring.RunEpisodes(episodes, StudentLogits, parts.TeacherLogits);
        double[]? random;
        lock (randomReturns)
            if (!randomReturns.TryGetValue(episodes, out random))
                randomReturns[episodes] = random = scoring.RunEpisodes(episodes, null, null).Returns;
        double s = onStudent.Returns.Average(), t = onTeacher.Returns.Average(), r = random.Average();
        method.PrepareScoring();
        var details = new Dictionary<string, double>
        {
            ["return_sd"] = PolicyScoring.StandardDeviation(onStudent.Returns),
            ["return_se"] = PolicyScoring.StandardError(onStudent.Returns),
            ["teacher_return"] = t,
            ["teacher_return_se"] = PolicyScoring.StandardError(onTeacher.Returns),
            ["random_return"] = r,
            ["normalised_score"] = NormalisedScore(s, t, r),
            ["agreement_teacher_states"] = (double)onTeacher.Agreements / Math.Max(1, onTeacher.States),
            ["agreement_student_states"] = (double)onStudent.Agreements / Math.Max(1, onStudent.States),
            ["distillation_env_steps"] = DistillationEnvSteps,
            ["distillation_env_resets"] = DistillationEnvResets,
            ["distillation_env_step_calls"] = DistillationEnvStepCalls,
            ["distillation_envs_created"] = DistillationEnvsCreated,
            ["episodes"] = episodes,
        };
        var set = GeneratedSet(state);
        var generated = new long[actions];
        foreach (int a in TeacherActions(set)) generated[a]++;
        details["coverage_distance"] = scoring.CoverageDistance(onTeacher.Visited, set);
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
        using var g = new Generator(CounterRng.Key(Config.Seed, PolicyRngLabels.Sample, (ulong)state.Step));
        return method.GeneratedSet(state, g);
    }

    /// <summary>The teacher's greedy action for each row of a flat [N, O] set.</summary>
    public int[] TeacherActions(float[] set)
    {
        if (set.Length == 0) return [];
        using var threads = TorchThreads.Use(1);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return TensorArrays.Argmax(parts.TeacherLogits(TensorArrays.FromArray(set, set.Length / observationSize, observationSize)));
    }

    public void WriteOutputs(DistilState state, string runDir) => PolicyOutputs.Write(this, state, runDir);

    public void Dispose()
    {
        teacherTheta.Dispose();
        k.Dispose();
        Prior.Dispose();
    }
}
