using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hades.Core.Runs;

/// <summary>
/// <c>summary.json</c>: what a finished run achieved and what it cost, in one small file that reports and
/// other tools read without knowing the method (HaDES, direct ES, PPO).
/// </summary>
public sealed record RunSummary
{
    public string Task { get; init; } = "";
    /// <summary>"HaDES-R", "HaDES-F", "direct ES", "PPO".</summary>
    public string Method { get; init; } = "";
    public ulong Seed { get; init; }
    /// <summary>The budget in words, e.g. "20 generations × population 256".</summary>
    public string Budget { get; init; } = "";
    /// <summary>Environment steps spent on fitness/training, when known.</summary>
    public long EnvSteps { get; init; }
    /// <summary>HaDES and direct ES with <c>--env-step-budget</c>: the budget (the run stopped at the first generation
    /// whose cumulative env steps reached it, or at its generation limit). Absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? EnvStepBudget { get; init; }
    public int Generations { get; init; }
    public int FinalEvalEpisodes { get; init; }
    public double FinalEvalMean { get; init; }
    public double FinalEvalStd { get; init; }
    /// <summary>Wall time of the distillation (or training) itself: the sum of its generations' (iterations') times,
    /// without process start-up and the final evaluation.</summary>
    public double DistillSeconds { get; init; }
    /// <summary>Data-free image distillation: real training images the student and generator read (measured; 0 for
    /// every data-free method). Absent for other runs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TrainingImagesRead { get; init; }
    /// <summary>HaDES and direct ES: the best result so far (best-dataset.json / best-policy.npz), the generation it
    /// came from, the eval return it scored there, and the same final evaluation of it as of the last result.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? BestGeneration { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? BestEvalReturn { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? BestFinalEvalMean { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? BestFinalEvalStd { get; init; }
    /// <summary>Generalisation score (HaDES on tasks with a solved threshold): the fraction of (learner, init) pairs of
    /// the standard learner grid whose policy, trained on the dataset, reaches the threshold; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? GeneralisationScore { get; init; }
    /// <summary>The pairs behind <see cref="GeneralisationScore"/> (learners × inits).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? GeneralisationPairs { get; init; }

    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "×" stays readable
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    public void Save(string path)
    {
        Storage.AtomicFile.WriteAllText(path, ToJson());
    }

    /// <summary>Reads a summary; null when the file is missing (an unfinished run), a user error when it is unreadable.</summary>
    public static RunSummary? Load(string path)
    {
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), Options); }
        catch (JsonException e) { throw new HadesUserException($"{path}: not a valid summary file ({e.Message.Split('\n')[0]})"); }
    }
}
