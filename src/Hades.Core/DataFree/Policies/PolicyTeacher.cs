using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Datasets;
using Hades.Core.Envs;
using Hades.Core.Policies;
using Hades.Core.Runs;
using Hades.Core.Training;

namespace Hades.Core.DataFree.Policies;

/// <summary>
/// The frozen teacher of policy distillation: a PPO run dir's actor (ppo.json + policy.npz: W0, b0, …,
/// obs_offset/obs_scale), and the default teachers under <c>runs/teachers/&lt;task&gt;</c>.
/// </summary>
public static class PolicyTeacher
{
    public const string PolicyFileName = "policy.npz", InfoFileName = "teacher.json";

    /// <summary>Where default teachers live: <c>runs/teachers</c> under the working directory.</summary>
    public const string DefaultRoot = DistilJobs.DefaultTeacherRoot;

    /// <summary>Default teacher dir of a task: <c>&lt;root&gt;/&lt;task&gt;</c>.</summary>
    public static string DefaultDir(string task, string root = DefaultRoot) => Path.Combine(root, task);

    /// <summary>The teacher dir of a config: <see cref="DistilConfig.Teacher"/>, or the task's default one, trained
    /// there first when missing (progress lines to <paramref name="progress"/>). <paramref name="root"/> replaces
    /// <see cref="DefaultRoot"/>.</summary>
    public static PpoActorNetwork Resolve(DistilConfig config, Action<string>? progress, string root = DefaultRoot)
    {
        if (config.Teacher is { } dir)
        {
            if (!PpoRunFile.ExistsIn(dir) || !File.Exists(Path.Combine(dir, PolicyFileName)))
                throw new HadesUserException($"teacher {dir} is not a finished PPO run dir (needs ppo.json and policy.npz)");
            return Load(dir, config.Task);
        }
        string defaultDir = DefaultDir(config.Task, root);
        if (!File.Exists(Path.Combine(defaultDir, PolicyFileName)))
            lock (TrainingLock)
                if (!File.Exists(Path.Combine(defaultDir, PolicyFileName)))
                    TrainDefault(config.Task, defaultDir, progress);
        return Load(defaultDir, config.Task);
    }

    static readonly object TrainingLock = new();

    /// <summary>Trains into a fresh sibling dir and renames it into place, so that concurrent jobs (in this process:
    /// the lock; in others: the atomic rename) never see a half-written teacher.</summary>
    static void TrainDefault(string task, string dir, Action<string>? progress)
    {
        progress?.Invoke($"no teacher for {task} in {dir}: training one with PPO");
        string full = Path.GetFullPath(dir);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = $"{full}.training-{Guid.NewGuid():N}";
        try
        {
            Train(task, 0, temp, progress);
            if (Directory.Exists(full) && !Directory.EnumerateFileSystemEntries(full).Any()) Directory.Delete(full);
            try { Directory.Move(temp, full); }
            catch (IOException) when (File.Exists(Path.Combine(full, PolicyFileName))) { } // another process finished first
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Reads the actor of a PPO run dir; checks that it was trained on <paramref name="task"/>.</summary>
    public static PpoActorNetwork Load(string runDir, string task)
    {
        var run = PpoRunFile.Read(runDir);
        if (run.Ppo.Task != task)
            throw new HadesUserException($"teacher {runDir} was trained on '{run.Ppo.Task}', not '{task}'");
        var spec = run.Ppo.Validate();
        if (!spec.IsDiscrete) throw new HadesUserException($"teacher {runDir}: '{task}' has continuous actions");
        string path = Path.Combine(runDir, PolicyFileName);
        if (!File.Exists(path)) throw new HadesUserException($"teacher {runDir} has no {PolicyFileName}");
        var npz = Npz.Read(path);
        float[] F(string name) => npz.TryGetValue(name, out var array) ? MemoryMarshal.Cast<byte, float>(array.Data).ToArray()
            : throw new HadesUserException($"teacher {path}: no array '{name}'");
        var weights = new List<float[]>();
        var biases = new List<float[]>();
        var hidden = new List<int>();
        for (int l = 0; npz.ContainsKey($"W{l}"); l++)
        {
            weights.Add(F($"W{l}"));
            biases.Add(F($"b{l}"));
            if (npz.ContainsKey($"W{l + 1}")) hidden.Add(npz[$"W{l}"].Shape[1]);
        }
        var shape = new MlpShape(spec.ObservationSize, hidden, spec.ActionCount, Activation.Tanh);
        var layers = shape.Layers().ToArray();
        if (weights.Count != layers.Length || weights.Zip(layers).Any(p => p.First.Length != p.Second.In * p.Second.Out))
            throw new HadesUserException($"teacher {path}: the layers do not match an MLP from {spec.ObservationSize} observations to {spec.ActionCount} actions");
        return new PpoActorNetwork(shape, [.. weights], [.. biases], [],
            npz.ContainsKey("obs_offset") ? F("obs_offset") : new float[spec.ObservationSize],
            npz.ContainsKey("obs_scale") ? F("obs_scale") : Enumerable.Repeat(1f, spec.ObservationSize).ToArray(),
            spec);
    }

    /// <summary>
    /// Trains a PPO teacher into <paramref name="runDir"/>: <see cref="PpoPresets"/> where the task has one, else the
    /// generic PPO defaults for 250k environment steps (the MinAtar setting of docs/results.md);
    /// <paramref name="envSteps"/> overrides the budget. Writes ppo.json, policy.npz and teacher.json (greedy mean
    /// return over 100 episodes).
    /// </summary>
    public static PpoActorNetwork Train(string task, ulong seed, string runDir, Action<string>? progress, long? envSteps = null)
    {
        var (ppo, steps) = PpoPresets.Has(task)
            ? (PpoPresets.For(task, seed).Config, PpoPresets.For(task, seed).EnvSteps)
            : (new PpoConfig { Task = task, Seed = seed }, 250_000L);
        steps = envSteps ?? steps;
        int iterations = (int)Math.Max(1, (steps + ppo.BatchSize - 1) / ppo.BatchSize);
        var file = new PpoRunFile(ppo, iterations);
        file.CreateOrMatch(runDir);
        var trainer = new PpoTrainer(ppo);
        int every = Math.Max(1, iterations / 10);
        var state = trainer.Train(trainer.Initial(), iterations, (s, stats) =>
        {
            if (s.Iteration % every == 0 || s.Iteration == iterations)
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"teacher {task}: iteration {s.Iteration}/{iterations}, mean episode return {stats.MeanEpisodeReturn:0.##}"));
        });
        var actor = PpoPolicy.ExportActor(ppo, state);
        PolicyFiles.WriteFile(Path.Combine(runDir, PolicyFileName), task, actor.Shape, actor.Flat(), state.Iteration,
            actor.ObservationOffset, actor.ObservationScale);
        double greedy = PpoPolicy.Evaluate(ppo, state, 100, CounterRng0(seed), ActionSelection.Greedy);
        Storage.AtomicFile.WriteAllText(Path.Combine(runDir, InfoFileName), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["task"] = task, ["seed"] = seed, ["env_steps"] = state.EnvSteps, ["greedy_return_100_episodes"] = greedy,
        }, Storage.JsonDefaults.Indented) + "\n");
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"teacher {task}: greedy return {greedy:0.##} over 100 episodes, saved in {runDir}"));
        return actor;
    }

    static ulong CounterRng0(ulong seed) => Random.CounterRng.Key(seed, 0x54454143484552UL); // "TEACHER"
}
