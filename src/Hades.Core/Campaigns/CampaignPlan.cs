using System.Text.Json.Nodes;
using Hades.Core.BehaviourDistillation;

namespace Hades.Core.Campaigns;

/// <summary>One HaDES experiment of a campaign: a name (also its run dir's name) and a full config.</summary>
public sealed record CampaignExperiment(string Name, HadesConfig Config);

/// <summary>
/// A campaign file: experiments (tasks × seeds × methods × settings, of several kinds) and what each needs. Format (JSON):
/// <code>
/// {
///   "name": "cartpole-seeds",
///   "parallel": 2,                                               // experiments at once (default 1)
///   "base": { "task": "cartpole", "generations": 20 },          // any config.json keys
///   "grid": { "seed": [0, 1, 2], "mode": ["R", "F"] },           // cartesian product over these keys
///   "experiments": [                                             // optional extra experiments
///     { "name": "acrobot", "task": "acrobot", "dataset_size": 6 },
///     { "name": "expert", "kind": "ppo", "grid": { "task": ["cartpole", "acrobot"] }, "env_steps": 50000 },
///     { "name": "zs", "kind": "zero-shot", "needs": ["data"] }
///   ]
/// }
/// </code>
/// A listed experiment may have a "kind" (<see cref="CampaignStageKind"/>; "hades" by default), "needs" (names of
/// experiments or grid groups, see <see cref="CampaignNeeds"/>) and its own "grid". "base" holds HaDES keys and
/// applies to HaDES experiments only. Experiments start in file order as soon as what they need has finished.
/// </summary>
public sealed record CampaignPlan(string Name, IReadOnlyList<CampaignExperiment> Experiments)
{
    /// <summary>Every experiment of every kind, in file order (the HaDES ones are also in <see cref="Experiments"/>).</summary>
    public IReadOnlyList<CampaignStage> Stages { get; init; } = [];

    /// <summary>Experiments run at once, from the file's "parallel" (default 1); --parallel overrides it.</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>Whether any experiment is of another kind than HaDES or needs another one.</summary>
    public bool IsMultiStage => Stages.Any(s => s.Kind != CampaignStageKind.Hades || s.Needs.Count > 0);

    public static CampaignPlan Read(string path) => Parse(CampaignGrid.ReadRoot(path), path);

    public static CampaignPlan Parse(JsonObject root, string source)
    {
        if (DistilCampaignPlan.IsDistil(root))
            throw new HadesUserException($"{source}: a data-free distillation campaign (\"kind\": \"distil\"), not a HaDES one");
        int parallel = root["parallel"] switch
        {
            null => 1,
            JsonValue v when v.TryGetValue<int>(out var p) && p >= 1 => p,
            var other => throw new HadesUserException($"{source}: \"parallel\" must be a positive integer (got {other.ToJsonString()})"),
        };
        if (root["base"] is JsonObject b && (b.ContainsKey("kind") || b.ContainsKey("needs")))
            throw new HadesUserException($"{source}: \"kind\" and \"needs\" belong to listed experiments, not to \"base\"");
        var grid = CampaignGrid.Expand(root, source, "parallel");
        var baseKeys = (root["base"] as JsonObject ?? []).Select(kv => kv.Key).ToList();
        var raw = new List<(string Name, string Kind, List<string> Needs, JsonObject Settings, CampaignPointOrigin Origin)>();
        for (int i = 0; i < grid.Points.Count; i++)
        {
            var (experimentName, given) = grid.Points[i];
            var settings = given.DeepClone().AsObject();
            string kind = settings["kind"] switch
            {
                null => CampaignStageKind.Hades,
                JsonValue v when v.TryGetValue<string>(out var k) && CampaignStageKind.All.Contains(k) => k,
                var other => throw new HadesUserException($"{source} ({experimentName}): unknown kind {other.ToJsonString()} (expected {string.Join(", ", CampaignStageKind.All)})"),
            };
            var needs = settings["needs"] switch
            {
                null => [],
                JsonArray a when a.All(n => n is JsonValue nv && nv.TryGetValue<string>(out _)) => a.Select(n => n!.GetValue<string>()).ToList(),
                _ => throw new HadesUserException($"{source} ({experimentName}): \"needs\" must be a list of experiment names"),
            };
            settings.Remove("kind");
            settings.Remove("needs");
            // "base" describes HaDES runs; other kinds take only their own keys (and the grid's)
            if (kind != CampaignStageKind.Hades)
                foreach (var key in baseKeys.Where(k => !grid.Origins[i].OwnKeys.Contains(k))) settings.Remove(key);
            raw.Add((experimentName, kind, needs, settings, grid.Origins[i]));
        }
        var resolved = CampaignNeeds.Resolve(raw.Select(r => (r.Name, r.Origin, (IReadOnlyList<string>)r.Needs)).ToList(), source);
        var kindOf = raw.ToDictionary(r => r.Name, r => r.Kind);
        var stages = new List<CampaignStage>();
        for (int i = 0; i < raw.Count; i++)
        {
            var (experimentName, kind, _, settings, origin) = raw[i];
            string where = $"{source} ({experimentName})";
            var needs = resolved[i];
            HadesConfig? config = null;
            switch (kind)
            {
                case CampaignStageKind.Hades:
                    config = HadesOf(settings, where, source);
                    break;
                case CampaignStageKind.Ppo:
                    PpoStage.Build(settings, where);
                    break;
                case CampaignStageKind.Distil:
                    var teachers = needs.Where(n => kindOf[n] == CampaignStageKind.Ppo).ToArray();
                    if (teachers.Length > 1) throw new HadesUserException($"{where}: a distil experiment needs at most one PPO experiment (its teacher), not {teachers.Length}");
                    if (teachers.Length == 1 && settings.ContainsKey("teacher")) throw new HadesUserException($"{where}: give a \"teacher\" or need a PPO experiment, not both");
                    DistilStage.Build(settings, teachers.Length == 1 ? "teacher" : null, where);
                    break;
                case CampaignStageKind.ZeroShot:
                    ZeroShotStage.Read(settings, where);
                    var datasets = needs.Where(n => kindOf[n] == CampaignStageKind.Hades).ToArray();
                    if (datasets.Length < 2) throw new HadesUserException($"{where}: a zero-shot experiment needs the datasets of at least two HaDES experiments (got {datasets.Length})");
                    break;
                case CampaignStageKind.Generalise:
                    GeneraliseStage.Read(settings, where);
                    if (needs.Count(n => kindOf[n] == CampaignStageKind.Hades) != 1)
                        throw new HadesUserException($"{where}: a generalise experiment needs exactly one HaDES experiment (the dataset it sweeps)");
                    break;
            }
            stages.Add(new CampaignStage(experimentName, kind, needs, settings.ToJsonString(), config, origin));
        }
        // datasets of one zero-shot agent must be of different tasks (checked once the HaDES configs are known)
        var byName = stages.ToDictionary(s => s.Name);
        foreach (var user in stages.Where(s => s.Kind is CampaignStageKind.ZeroShot or CampaignStageKind.Generalise))
            if (user.Needs.Select(n => byName[n]).FirstOrDefault(s => s.Hades is { IsImageTask: true }) is { } image)
                throw new HadesUserException($"{source} ({user.Name}): {user.Kind} reads policy datasets; {image.Name} is an image task");
        foreach (var zs in stages.Where(s => s.Kind == CampaignStageKind.ZeroShot))
        {
            var tasks = zs.Needs.Select(n => byName[n]).Where(s => s.Kind == CampaignStageKind.Hades).GroupBy(s => s.Hades!.Task).FirstOrDefault(g => g.Count() > 1);
            if (tasks != null)
                throw new HadesUserException($"{source} ({zs.Name}): needs two datasets of task '{tasks.Key}' ({string.Join(", ", tasks.Select(t => t.Name))}); give one per task (a grid key such as seed narrows a group)");
        }
        var experiments = stages.Where(s => s.Kind == CampaignStageKind.Hades).Select(s => new CampaignExperiment(s.Name, s.Hades!)).ToList();
        return new CampaignPlan(grid.Name, experiments) { Stages = stages, Parallel = parallel };
    }

    static HadesConfig HadesOf(JsonObject given, string where, string source)
    {
        // the task's preset first, then what the file says
        string task = given["task"] is JsonValue t && t.TryGetValue<string>(out var taskName) ? taskName : new HadesConfig().Task;
        // "preset": "paper" in the file selects the paper's settings for the experiment's task (and method)
        string preset = given["preset"] is JsonValue p && p.TryGetValue<string>(out var presetName) ? presetName : TaskPresets.Quick;
        string method = given["method"] is JsonValue m && m.TryGetValue<string>(out var methodName) ? methodName : HadesMethods.Names.Name(new HadesConfig().Method);
        HadesConfig presetConfig;
        try { presetConfig = TaskPresets.For(task, preset, method); }
        catch (HadesUserException e) { throw new HadesUserException($"{where}: {e.Message}"); }
        var merged = JsonNode.Parse(presetConfig.ToJson())!.AsObject();
        foreach (var (key, value) in given) merged[key] = value?.DeepClone();
        try { return TaskPresets.FitMode(presetConfig, HadesConfig.FromJson(merged.ToJsonString(), where)).Validate(); }
        catch (HadesUserException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal)) { throw new HadesUserException($"{where}: {e.Message}"); }
    }
}
