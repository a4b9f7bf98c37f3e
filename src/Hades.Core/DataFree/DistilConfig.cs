using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hades.Core.DataFree;

/// <summary>
/// One data-free (simulator-free) distillation run: a frozen teacher, a student trained without real data or
/// environment steps, and the method that produces the student's inputs. Stored as <c>distil.json</c> in the run
/// dir (snake_case JSON); a run dir belongs to one config.
/// <para>Families: <c>fashion-mnist</c> and <c>fashion-mnist-coarse</c> (image classifiers, see
/// <c>Images/</c>), and any discrete-action task of the registry (a PPO teacher policy, see <c>Policies/</c>).</para>
/// <para>Methods: <c>gas</c> (GAS-style reconstruction: generator + adversarial loss + generator re-initialisation +
/// exemplar buffer), <c>dafl</c>, <c>dfad</c>, <c>zskt</c>, <c>kd-real</c> (images: KD on real training images, the
/// upper bound), <c>uniform</c> (policies: uniform random states in the declared bounds), <c>rollouts</c> (policies:
/// classic policy distillation on teacher rollouts, the upper bound; the only method that steps the
/// environment).</para>
/// </summary>
public sealed record DistilConfig
{
    public string Task { get; init; } = "cartpole";
    public string Method { get; init; } = "gas";
    public ulong Seed { get; init; }

    /// <summary>Teacher: a PPO run dir (policies) or an image-teacher dir (images). Null: the task's default teacher
    /// under <c>runs/teachers/</c>, trained on first use.</summary>
    public string? Teacher { get; init; }

    /// <summary>Student architecture: <c>lenet5-half</c> (ZSKD, 35,820 parameters), <c>lenet5-half-dafl</c>
    /// (DAFL/DFAD, 15,738) for images; hidden widths such as <c>64,64</c> for policies.</summary>
    public string Student { get; init; } = "";

    /// <summary>Total student optimisation steps.</summary>
    public int Steps { get; init; } = 2000;
    /// <summary>Steps per journal event (the work lost at most by a kill).</summary>
    public int ChunkSteps { get; init; } = 100;
    /// <summary>Score the student (test accuracy or return) every this many chunks.</summary>
    public int EvalEveryChunks { get; init; } = 5;

    public int BatchSize { get; init; } = 256;
    public int LatentSize { get; init; } = 100;
    public double GeneratorLearningRate { get; init; } = 1e-3;
    public double StudentLearningRate { get; init; } = 2e-3;
    /// <summary>Student steps per generator step (DFAD 5, ZSKT 10).</summary>
    public int StudentStepsPerGeneratorStep { get; init; } = 5;

    // GAS-style knobs (also the ablations)
    /// <summary>λ_adv: weight of the teacher–student disagreement term in the generator loss (0 = no adversarial term).</summary>
    public double AdversarialWeight { get; init; } = 1.0;
    /// <summary>R: generator re-initialisations spread evenly over the run (1 = never re-initialised).</summary>
    public int Restarts { get; init; } = 10;
    /// <summary>Keep harvested exemplars in a buffer the student keeps training on.</summary>
    public bool UseBuffer { get; init; } = true;
    /// <summary>M: exemplars harvested per class (action) at the end of each round.</summary>
    public int ExemplarsPerClass { get; init; } = 200;
    /// <summary>τ: teacher confidence an exemplar needs to enter the buffer.</summary>
    public double ConfidenceThreshold { get; init; } = 0.9;

    /// <summary>Policies: multiplies the observation prior's chosen ranges (box half-widths, velocity bounds; see
    /// <c>Policies/ObservationPrior</c>): 1 = the documented priors, &gt; 1 a weaker prior. Images ignore it.</summary>
    public double PriorScale { get; init; } = 1.0;
    // image family (Images/)
    /// <summary>Image generator widths: W1 = this, W2 = this / 2 (DAFL/DFAD's GeneratorA uses 128/64; shrunk for CPU).</summary>
    public int GeneratorChannels { get; init; } = 32;
    /// <summary>GAS-style: exemplar harvests spread evenly over the run (independent of <see cref="Restarts"/>, so
    /// restarts = 1 still fills the buffer).</summary>
    public int HarvestRounds { get; init; } = 10;
    /// <summary>Most exemplars the buffer keeps (an equal share per class; a full class replaces random old ones).
    /// Stored as bytes (quantised pixels), so this caps the state's size.</summary>
    public int BufferCapacity { get; init; } = 3000;
    /// <summary>Temperature of the student's KL(softmax(T/τ) ‖ softmax(S/τ))·τ² loss (methods with a KL student loss;
    /// DFAD's L1 on logits ignores it). 1 = plain KL (DAFL, ZSKT); ZSKD used 20.</summary>
    public double KdTemperature { get; init; } = 1.0;
    /// <summary>Images: the generator's output is a [0, 1] pixel image (sigmoid) with padded Fashion-MNIST's 2-pixel
    /// black border, then normalised like real inputs; false = DAFL/DFAD's tanh + BatchNorm output in the normalised space.</summary>
    public bool PixelPrior { get; init; }
    /// <summary>Images: every student batch is shifted by up to this many pixels (one random shift per eighth of the
    /// batch, wrapping; ≤ 2 wraps only the black border); 0 = none.</summary>
    public int ShiftAugment { get; init; }
    /// <summary>Images: the student's lr follows a cosine decay from <see cref="StudentLearningRate"/> to 0 over the run.</summary>
    public bool StudentLrDecay { get; init; }
    /// <summary>Images: decay of an exponential moving average of the student's weights, which is what gets scored
    /// (0 = score the last weights).</summary>
    public double StudentAverage { get; init; }
    /// <summary>Images: ε of the generator's BatchNorm layers (PyTorch's default 1e-5; DAFL's official generator passes 0.8
    /// as BatchNorm2d's second argument).</summary>
    public double GeneratorBatchNormEps { get; init; } = 1e-5;
    /// <summary>Images, <c>zskt</c>: β of ZSKT's attention-transfer term in the student loss (paper: 250; 0 = none).</summary>
    public double AttentionWeight { get; init; }
    /// <summary>Images: the split the student is scored on: <c>test</c> (the official 10k test images) or
    /// <c>selection</c> (the last 5,000 training images: for choosing settings; no method's student or generator reads them).</summary>
    public string ScoreSplit { get; init; } = "test";
    /// <summary>Coarse task: the fine 10-class classifier used only to measure mode coverage (an image-teacher dir);
    /// null = the fashion-mnist default teacher.</summary>
    public string? FineClassifier { get; init; }

    /// <summary>Final scoring: test images (images) or greedy episodes (policies).</summary>
    public int FinalEvalEpisodes { get; init; } = 100;

    [JsonIgnore] public int Chunks => (Steps + ChunkSteps - 1) / ChunkSteps;

    static readonly JsonSerializerOptions Options = Storage.JsonDefaults.Settings;

    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    public static DistilConfig FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<DistilConfig>(json, Options) ?? throw new HadesUserException($"{source}: empty distillation config");
        }
        catch (JsonException e) { throw new HadesUserException($"{source}: not a valid distillation config ({e.Message.Split('\n')[0]})"); }
    }

    /// <summary>Checks the family-independent fields; the job factory checks task, method and student.</summary>
    /// <summary>Upper bounds of the sizes (README, "Guarantees"); other integers: <see cref="SettingsLimits.DefaultLimit"/>.</summary>
    public static readonly IReadOnlyDictionary<string, long> Limits = new Dictionary<string, long>
    {
        ["batch_size"] = 65_536, ["latent_size"] = 65_536, ["generator_channels"] = 4_096, ["exemplars_per_class"] = 100_000,
        ["buffer_capacity"] = 10_000_000, ["final_eval_episodes"] = 100_000, ["shift_augment"] = 16,
    };

    public DistilConfig Validate()
    {
        SettingsLimits.Check(this, Limits);
        if (Steps <= 0) throw new HadesUserException("steps must be a positive integer");
        if (ChunkSteps <= 0) throw new HadesUserException("chunk_steps must be a positive integer");
        if (EvalEveryChunks <= 0) throw new HadesUserException("eval_every_chunks must be a positive integer");
        if (BatchSize <= 0) throw new HadesUserException("batch_size must be a positive integer");
        if (LatentSize <= 0) throw new HadesUserException("latent_size must be a positive integer");
        if (GeneratorLearningRate <= 0 || StudentLearningRate <= 0) throw new HadesUserException("learning rates must be positive");
        if (StudentStepsPerGeneratorStep <= 0) throw new HadesUserException("student_steps_per_generator_step must be a positive integer");
        if (AdversarialWeight < 0) throw new HadesUserException("adversarial_weight must be ≥ 0");
        if (Restarts <= 0) throw new HadesUserException("restarts must be a positive integer (1 = no re-initialisation)");
        if (ExemplarsPerClass <= 0) throw new HadesUserException("exemplars_per_class must be a positive integer");
        if (ConfidenceThreshold is < 0 or > 1) throw new HadesUserException("confidence_threshold must be in [0, 1]");
        if (!(PriorScale > 0) || !double.IsFinite(PriorScale)) throw new HadesUserException("prior_scale must be a positive number");
        if (GeneratorChannels < 2) throw new HadesUserException("generator_channels must be at least 2");
        if (KdTemperature <= 0) throw new HadesUserException("kd_temperature must be positive");
        if (HarvestRounds <= 0) throw new HadesUserException("harvest_rounds must be a positive integer");
        if (BufferCapacity <= 0) throw new HadesUserException("buffer_capacity must be a positive integer");
        if (FinalEvalEpisodes < 0) throw new HadesUserException("final_eval_episodes must be ≥ 0");
        if (ShiftAugment < 0) throw new HadesUserException("shift_augment must be ≥ 0");
        if (StudentAverage is < 0 or >= 1) throw new HadesUserException("student_average must be in [0, 1)");
        if (!(GeneratorBatchNormEps > 0)) throw new HadesUserException("generator_batch_norm_eps must be positive");
        if (AttentionWeight < 0) throw new HadesUserException("attention_weight must be ≥ 0");
        if (ScoreSplit is not ("test" or "selection")) throw new HadesUserException("score_split must be test or selection");
        return this;
    }
}
