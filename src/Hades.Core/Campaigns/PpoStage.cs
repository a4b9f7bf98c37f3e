using System.Text.Json.Nodes;
using Hades.Core.Baselines.Ppo;

namespace Hades.Core.Campaigns;

/// <summary>
/// A PPO campaign experiment's ppo.json: the task's measured preset (as <c>hades ppo</c> starts from), then the
/// file's keys: <c>env_steps</c> or <c>iterations</c> (the budget), <c>eval_every</c>, and any key of the "ppo"
/// object of ppo.json (snake case: envs, steps_per_env, learning_rate, hidden, …).
/// </summary>
public static class PpoStage
{
    public static PpoRunFile Build(JsonObject settings, string where)
    {
        string task = settings["task"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : new PpoConfig().Task;
        ulong seed = settings["seed"] is JsonValue s && s.TryGetValue<ulong>(out var n) ? n : 0;
        var (baseline, presetSteps) = PpoPresets.Has(task)
            ? (PpoPresets.For(task, seed).Config, PpoPresets.For(task, seed).EnvSteps)
            : (new PpoConfig { Task = task, Seed = seed }, 500_000L);
        var file = JsonNode.Parse(new PpoRunFile(baseline, 1).ToJson())!.AsObject();
        var ppo = file["ppo"]!.AsObject();
        long envSteps = presetSteps;
        int? iterations = null;
        foreach (var (key, value) in settings)
            switch (key)
            {
                case "env_steps":
                    envSteps = value is JsonValue v && v.TryGetValue<long>(out var steps) && steps > 0 ? steps : throw new HadesUserException($"{where}: \"env_steps\" must be a positive integer");
                    break;
                case "iterations":
                    iterations = value is JsonValue i && i.TryGetValue<int>(out var its) && its > 0 ? its : throw new HadesUserException($"{where}: \"iterations\" must be a positive integer");
                    break;
                case "eval_every":
                    file["eval_every"] = value?.DeepClone();
                    break;
                default:
                    ppo[key] = value?.DeepClone();
                    break;
            }
        var parsed = PpoRunFile.Parse(file.ToJsonString(), where);
        try { parsed.Ppo.Validate(); }
        catch (HadesUserException e) { throw new HadesUserException($"{where}: {e.Message}"); }
        if (parsed.EvalEvery <= 0) throw new HadesUserException($"{where}: \"eval_every\" must be a positive integer");
        return parsed with { Iterations = iterations ?? (int)Math.Max(1, (envSteps + parsed.Ppo.BatchSize - 1) / parsed.Ppo.BatchSize) };
    }
}
