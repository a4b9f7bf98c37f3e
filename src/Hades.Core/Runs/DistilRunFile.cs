using System.Globalization;
using Hades.Core.DataFree;

namespace Hades.Core.Runs;

/// <summary>
/// <c>distil.json</c> in a data-free distillation run dir (<see cref="DistilConfig"/>). Like ppo.json and config.json,
/// a run dir belongs to one config: a second start with other settings is refused, and so is a non-empty folder
/// that holds no distillation run.
/// </summary>
public static class DistilRunFile
{
    public const string FileName = "distil.json";

    public static bool ExistsIn(string runDir) => File.Exists(Path.Combine(runDir, FileName));

    public static DistilConfig Read(string runDir)
    {
        string path = Path.Combine(runDir, FileName);
        if (!File.Exists(path)) throw new HadesUserException($"{runDir} holds no data-free distillation run ({FileName} is missing)");
        return DistilConfig.FromJson(File.ReadAllText(path), path).Validate();
    }

    /// <summary>Refuses a run dir that holds a distillation run with other settings, or other files; writes nothing.</summary>
    public static void Check(DistilConfig config, string runDir)
    {
        string path = Path.Combine(runDir, FileName);
        if (File.Exists(path))
        {
            if (Read(runDir).ToJson() != config.ToJson())
                throw new HadesUserException($"{runDir} holds a distillation run with other settings (see {path}); use another --run-dir or the same options");
            return;
        }
        if (Directory.Exists(runDir) && Directory.EnumerateFileSystemEntries(runDir).Any(e => !e.EndsWith(".tmp", StringComparison.Ordinal)))
            throw new HadesUserException($"{runDir} is not empty and holds no distillation run; use another --run-dir");
    }

    /// <summary>Writes distil.json into a new run dir, or checks that an existing one holds the same settings.</summary>
    public static void CreateOrMatch(DistilConfig config, string runDir)
    {
        Check(config, runDir);
        string path = Path.Combine(runDir, FileName);
        if (File.Exists(path)) return;
        Directory.CreateDirectory(runDir);
        Storage.AtomicFile.WriteAllText(path, config.ToJson());
    }

    /// <summary>The method as results tables show it: "GAS-style (reconstruction)", "DAFL", …, with the ablation knobs
    /// and the student appended where they differ from the task's preset for the method (so ablations get their own
    /// table rows, and the image preset's own 20 restarts are not called an ablation).</summary>
    public static string MethodLabel(DistilConfig c)
    {
        string label = DataFree.DistilMethods.Label(c.Method);
        var defaults = DataFree.DistilPresets.For(c.Task, c.Method);
        var notes = new List<string>();
        if (DataFree.DistilMethods.HasGasKnobs(c.Method))
        {
            if (c.AdversarialWeight != defaults.AdversarialWeight) notes.Add(string.Create(CultureInfo.InvariantCulture, $"λ_adv {c.AdversarialWeight:0.###}"));
            if (c.Restarts != defaults.Restarts) notes.Add(c.Restarts == 1 ? "no restarts" : $"{c.Restarts} restarts");
            if (c.UseBuffer != defaults.UseBuffer) notes.Add(c.UseBuffer ? "buffer" : "no buffer");
        }
        if (c.PixelPrior != defaults.PixelPrior) notes.Add(c.PixelPrior ? "pixel prior" : "no pixel prior");
        if (c.Student.Length > 0) notes.Add($"student {c.Student}");
        return notes.Count == 0 ? label : $"{label}, {string.Join(", ", notes)}";
    }

    /// <summary>The budget as results tables show it.</summary>
    public static string Budget(DistilConfig c) => $"{c.Steps} student steps × batch {c.BatchSize}";
}
