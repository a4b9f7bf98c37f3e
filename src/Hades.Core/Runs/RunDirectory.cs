using Hades.Core.BehaviourDistillation;

namespace Hades.Core.Runs;

/// <summary>
/// A run dir's identity: it freezes the run's config (<c>config.json</c>; a run dir accepts only its own config and
/// only a raised budget), its run id and its journal kind. File names are <see cref="RunPaths"/>'s; the outputs are
/// written by <see cref="DatasetOutputs"/>, <see cref="RunPictures"/>, <see cref="RunMetricsWriter"/> and
/// <see cref="PolicyFiles"/>. Every file is replaced atomically (write to a temp file, then rename), so a kill never
/// leaves half a file.
/// </summary>
public sealed class RunDirectory(string path) : RunPaths(path)
{
    public bool HasRun => File.Exists(ConfigFile);

    /// <summary>
    /// Prepares the directory for a new run, or accepts an existing run of the very same config (which then
    /// continues). A directory holding another config, or other files, is refused and left untouched.
    /// </summary>
    public void CreateOrMatch(HadesConfig config)
    {
        if (File.Exists(Path)) throw new HadesUserException($"run dir {Path} is a file, not a directory");
        if (HasRun)
        {
            var existing = ReadConfig();
            if (!existing.SameExperimentAs(config))
                throw new HadesUserException($"run dir {Path} belongs to another config (see its config.json); use a new --run-dir or `hades resume {Path}`");
            CheckWritable();
            return;
        }
        if (Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any(e => !IsLeftOverOfCreation(e)))
            throw new HadesUserException($"run dir {Path} is not empty and holds no Hades run; choose an empty or new directory");
        try
        {
            Directory.CreateDirectory(Path);
            WriteAtomically(RunIdFile, Guid.NewGuid().ToString("N") + "\n");
            WriteAtomically(ConfigFile, config.ToJson());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HadesUserException($"cannot write run dir {Path}: {e.Message}");
        }
    }

    /// <summary>
    /// The run's config with its generations raised to <paramref name="generations"/> (nothing written: see
    /// <see cref="WriteGenerations"/>): the ES state after generation g depends only on the config's other fields, so
    /// the extended run is the same as one configured with the larger budget from the start. Lowering it is refused
    /// (generations already journalled cannot be undone).
    /// </summary>
    public HadesConfig ExtendedConfig(int generations)
    {
        var config = ReadConfig();
        if (generations < config.Generations)
            throw new HadesUserException($"--generations {generations} is below the run's configured {config.Generations}; a run can only be extended");
        return config with { Generations = generations };
    }

    /// <summary>Sets config.json's <c>generations</c> (atomically), leaving every other key exactly as written, so the
    /// config's hash (which leaves the budget out) stays the one journalled.</summary>
    public void WriteGenerations(int generations)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ConfigFile))!.AsObject();
        if (node["generations"]?.GetValue<int>() == generations) return;
        node["generations"] = generations;
        WriteAtomically(ConfigFile, node.ToJsonString(Storage.JsonDefaults.Indented) + "\n");
    }

    /// <summary>Fails with a one-line error when files cannot be created in the run dir (read-only, immutable,
    /// full disk), before any actor starts: a run that could not write its outputs would only fail later.</summary>
    public void CheckWritable()
    {
        string probe = System.IO.Path.Combine(Path, $".write-check-{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(probe, "ok");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HadesUserException($"cannot write run dir {Path}: {e.Message}");
        }
        finally
        {
            try { File.Delete(probe); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // a full disk may leave it empty
        }
    }

    /// <summary>What a creation killed before its config.json was written leaves behind (config.json is written
    /// last: it is what makes the folder a run).</summary>
    bool IsLeftOverOfCreation(string entry) =>
        entry == RunIdFile || entry.EndsWith(".tmp", StringComparison.Ordinal);

    /// <summary>Reads the config of an existing run, with one-line errors for a missing or corrupt run dir.</summary>
    public HadesConfig ReadConfig()
    {
        if (!Directory.Exists(Path)) throw new HadesUserException($"run dir not found: {Path}");
        if (!File.Exists(ConfigFile)) throw new HadesUserException($"{Path} is not a Hades run dir (no config.json)");
        var config = HadesConfig.FromJson(File.ReadAllText(ConfigFile), ConfigFile);
        try { return config.Validate(); }
        catch (HadesUserException e) { throw new HadesUserException($"{ConfigFile}: {e.Message}"); }
    }

    /// <summary>The run's identity in a journal shared by many runs (its persistence id is derived from it).
    /// Runs made before run ids existed use the fixed id they were journalled under.</summary>
    public string RunId => File.Exists(RunIdFile) ? File.ReadAllText(RunIdFile).Trim() : "hades-population";

    public string PersistenceId => RunId == "hades-population" ? RunId : $"population-{RunId}";

    /// <summary>Where the journal lives ("sqlite" in journal.db, or "postgres"); recorded at the first start so a
    /// resume can never start over in the wrong store.</summary>
    public string? JournalKind => File.Exists(JournalKindFile) ? File.ReadAllText(JournalKindFile).Trim() : null;

    /// <summary>Refuses a journal kind other than the recorded one (or than SQLite for a started run without a record).</summary>
    public void CheckJournalKind(string kind)
    {
        var recorded = JournalKind;
        if (recorded is null)
        {
            bool started = File.Exists(JournalFile) || (File.Exists(MetricsFile) && File.ReadLines(MetricsFile).Skip(1).Any());
            if (started && kind != "sqlite")
                throw new HadesUserException($"run dir {Path} was journalled to SQLite (journal.db); it cannot continue in {kind}");
        }
        else if (recorded != kind)
            throw new HadesUserException($"run dir {Path} is journalled in {recorded}, not {kind}; start it with --journal {recorded}");
    }

    public void RecordJournalKind(string kind)
    {
        CheckJournalKind(kind);
        if (JournalKind is null) WriteAtomically(JournalKindFile, kind + "\n");
    }

    static void WriteAtomically(string file, string content) => Storage.AtomicFile.WriteAllText(file, content);
}
