using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hades.Core.Baselines.Ppo;

/// <summary>
/// <c>ppo.json</c> in a PPO run dir: the PPO settings, the number of iterations and how often the greedy policy is scored. Like config.json for HaDES
/// runs, a run dir belongs to one config: a second start with other settings is refused.
/// </summary>
public sealed record PpoRunFile(PpoConfig Ppo, int Iterations, int EvalEvery = 10, int FinalEvalEpisodes = 100)
{
    public const string FileName = "ppo.json";

    static readonly JsonSerializerOptions Options = Storage.JsonDefaults.Settings;

    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    /// <summary>Parses ppo.json text (unknown keys refused); <paramref name="source"/> names it in errors.</summary>
    public static PpoRunFile Parse(string json, string source)
    {
        try { return JsonSerializer.Deserialize<PpoRunFile>(json, Options) ?? throw new HadesUserException($"{source}: empty PPO config"); }
        catch (JsonException e) { throw new HadesUserException($"{source}: not a valid PPO config ({e.Message.Split('\n')[0]})"); }
    }

    public static bool ExistsIn(string runDir) => File.Exists(Path.Combine(runDir, FileName));

    public static PpoRunFile Read(string runDir)
    {
        string path = Path.Combine(runDir, FileName);
        try
        {
            return JsonSerializer.Deserialize<PpoRunFile>(File.ReadAllText(path), Options)
                   ?? throw new HadesUserException($"{path}: empty PPO config");
        }
        catch (JsonException e) { throw new HadesUserException($"{path}: not a valid PPO config ({e.Message.Split('\n')[0]})"); }
    }

    /// <summary>Writes ppo.json into a new run dir, or checks that an existing one holds the same settings.</summary>
    public void CreateOrMatch(string runDir)
    {
        string path = Path.Combine(runDir, FileName);
        if (File.Exists(path))
        {
            if (Read(runDir).ToJson() != ToJson())
                throw new HadesUserException($"{runDir} holds a PPO run with other settings (see {path}); use another --run-dir or the same options");
            return;
        }
        if (Directory.Exists(runDir) && Directory.EnumerateFileSystemEntries(runDir).Any())
            throw new HadesUserException($"{runDir} is not empty and holds no PPO run; use another --run-dir");
        Directory.CreateDirectory(runDir);
        Storage.AtomicFile.WriteAllText(path, ToJson());
    }
}
