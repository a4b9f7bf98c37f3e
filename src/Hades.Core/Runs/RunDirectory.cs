using System.Globalization;
using System.Text;
using Hades.Core.Datasets;
using Hades.Core.BehaviourDistillation;

namespace Hades.Core.Runs;

/// <summary>
/// The files of one run: <c>config.json</c> (the experiment), <c>journal.db</c> (Akka.Persistence SQLite journal
/// and snapshots), <c>dataset.json</c> (current ES-mean dataset), <c>metrics.csv</c> (one row per generation).
/// Every file is replaced atomically (write to a temp file, then rename), so a kill never leaves half a file.
/// </summary>
public sealed class RunDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");
    public string JournalFile => System.IO.Path.Combine(Path, "journal.db");
    public string DatasetFile => System.IO.Path.Combine(Path, "dataset.json");
    public string ReportFile => System.IO.Path.Combine(Path, "report.md");
    public string SummaryFile => System.IO.Path.Combine(Path, "summary.json");
    public string MetricsFile => System.IO.Path.Combine(Path, "metrics.csv");
    public string DatasetNpzFile => System.IO.Path.Combine(Path, "dataset.npz");
    /// <summary>The best dataset so far (highest eval return of a generation-start mean), beside the last one.</summary>
    public string BestDatasetFile => System.IO.Path.Combine(Path, "best-dataset.json");
    public string BestDatasetNpzFile => System.IO.Path.Combine(Path, "best-dataset.npz");
    /// <summary>Direct ES: the best policy so far (highest eval return), beside policy.npz.</summary>
    public string BestPolicyFile => System.IO.Path.Combine(Path, "best-policy.npz");
    public string DatasetPictureFile => System.IO.Path.Combine(Path, "dataset.png");
    public string FitnessSvgFile => System.IO.Path.Combine(Path, "fitness.svg");
    public string FitnessPictureFile => System.IO.Path.Combine(Path, "fitness.png");
    /// <summary>TensorBoard event file (scalars per generation): `tensorboard --logdir RUN_DIR/tensorboard`.</summary>
    public string TensorBoardFile => System.IO.Path.Combine(Path, "tensorboard", "events.out.tfevents.0.hades");
    public string RunIdFile => System.IO.Path.Combine(Path, "run-id");
    public string JournalKindFile => System.IO.Path.Combine(Path, "journal-kind");

    public const string MetricsHeader = "generation,mean_fitness,max_fitness,eval_return,seconds,env_steps";

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

    /// <summary>dataset.json and its NumPy twin dataset.npz.</summary>
    public void WriteDataset(SyntheticDataset dataset, int generation)
    {
        WriteAtomically(DatasetFile, DatasetJson.Write(dataset, new Dictionary<string, object> { ["generation"] = generation }));
        Npz.Write(dataset, DatasetNpzFile);
    }

    /// <summary>best-dataset.json and best-dataset.npz: the dataset with the generation and eval return it came from
    /// (JSON keys and npz arrays <c>generation</c>, <c>eval_return</c>).</summary>
    public void WriteBestDataset(SyntheticDataset dataset, int generation, float evalReturn)
    {
        WriteAtomically(BestDatasetFile, DatasetJson.Write(dataset, new Dictionary<string, object> { ["generation"] = generation, ["eval_return"] = evalReturn }));
        Npz.Write(dataset, BestDatasetNpzFile, [Npz.Named.Longs("generation", [], [generation]), Npz.Named.Floats("eval_return", [], [evalReturn])]);
    }

    /// <summary>dataset.png (every pair drawn with its label) and fitness.png (curves per generation).</summary>
    public void WritePictures(SyntheticDataset dataset, IReadOnlyList<GenerationRecord> records)
    {
        using var picture = Rendering.DatasetPicture.Draw(dataset);
        WritePictures(picture, dataset.Task, records);
    }

    /// <summary>dataset.png from a drawn picture, fitness.png, and the picture as a TensorBoard image.</summary>
    public void WritePictures(Rendering.Picture picture, string task, IReadOnlyList<GenerationRecord> records)
    {
        picture.SavePng(DatasetPictureFile);
        WriteFitnessPicture(task, records);
        if (records.Count > 0) AppendTensorBoardImage("dataset", records[^1].Generation, picture.Width, picture.Height, File.ReadAllBytes(DatasetPictureFile));
    }

    public string EvolutionFolder => System.IO.Path.Combine(Path, "evolution");
    public string EvolutionGif => System.IO.Path.Combine(Path, "evolution.gif");

    /// <summary>
    /// Image tasks: every <paramref name="everyGenerations"/> generations keeps the images as evolution/gen-NNNN.npy
    /// and .png, and rebuilds evolution.gif (one frame per kept generation, oldest first).
    /// </summary>
    public void WriteEvolutionFrame(float[] images, int imagesPerClass, int generation, int everyGenerations)
    {
        if (generation % everyGenerations != 0) return;
        Directory.CreateDirectory(EvolutionFolder);
        int classes = Vision.FashionMnist.Classes, side = Vision.FashionMnist.Side;
        string stem = System.IO.Path.Combine(EvolutionFolder, $"gen-{generation:D4}");
        Npz.WriteArrays([Npz.Named.Floats("images", [classes * imagesPerClass, side, side], images)], stem + ".npz");
        using (var picture = Rendering.ImageGridPicture.Draw(images, classes, imagesPerClass, Vision.FashionMnist.ClassNames))
            picture.SavePng(stem + ".png");
        var frames = Directory.GetFiles(EvolutionFolder, "gen-*.npz").Order(StringComparer.Ordinal)
            .Select(f => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Npz.Read(f)["images"].Data).ToArray())
            .Select(f => Rendering.ImageGridPicture.Draw(f, classes, imagesPerClass, Vision.FashionMnist.ClassNames)).ToList();
        Rendering.GifWriter.Save(frames, EvolutionGif);
        frames.ForEach(f => f.Dispose());
    }

    public string TensorBoardImagesFile => System.IO.Path.Combine(Path, "tensorboard", "events.out.tfevents.1.hades-images");

    /// <summary>Appends one image to the images event file (created with its header on first use). A generation
    /// repeated after a crash appends the same step again, which TensorBoard shows as the later of the two.</summary>
    public void AppendTensorBoardImage(string tag, int step, int width, int height, byte[] png)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(TensorBoardImagesFile)!);
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        using var file = new FileStream(TensorBoardImagesFile, FileMode.Append, FileAccess.Write);
        if (file.Length == 0) file.Write(TensorBoardEvents.Header(now));
        file.Write(TensorBoardEvents.EncodeImage(new(tag, step, now, width, height, png)));
    }

    /// <summary>fitness.png and the same plot as fitness.svg beside it.</summary>
    public void WriteFitnessPicture(string task, IReadOnlyList<GenerationRecord> records) =>
        Rendering.FitnessPlot.Save(records, $"{task}: fitness and eval return", FitnessPictureFile, FitnessSvgFile);

    public string PolicyFile => System.IO.Path.Combine(Path, "policy.npz");

    /// <summary>
    /// policy.npz (direct ES): <c>flat</c> (every parameter, as the ES searches them), and per layer <c>W0, b0, …</c>
    /// (float32 [in, out] and [out]), <c>log_std</c> for continuous actions, <c>obs_offset</c>/<c>obs_scale</c> when
    /// the policy sees (obs − offset)/scale, <c>generation</c>.
    /// </summary>
    public void WritePolicy(string task, Policies.MlpShape shape, float[] flat, int generation,
        float[]? observationOffset = null, float[]? observationScale = null) =>
        WritePolicyFile(PolicyFile, task, shape, flat, generation, observationOffset, observationScale);

    /// <summary>Writes a policy in policy.npz's layout (see <see cref="WritePolicy"/>) to any path, e.g. a PPO
    /// teacher's policy.npz or a distilled student.npz.</summary>
    public static void WritePolicyFile(string path, string task, Policies.MlpShape shape, float[] flat, int generation,
        float[]? observationOffset = null, float[]? observationScale = null)
    {
        var arrays = new List<Npz.Named>();
        arrays.Add(Npz.Named.Floats("flat", [flat.Length], flat));
        int offset = 0, l = 0;
        foreach (var (fanIn, fanOut) in shape.Layers())
        {
            arrays.Add(Npz.Named.Floats($"W{l}", [fanIn, fanOut], flat.AsSpan(offset, fanIn * fanOut).ToArray()));
            offset += fanIn * fanOut;
            arrays.Add(Npz.Named.Floats($"b{l}", [fanOut], flat.AsSpan(offset, fanOut).ToArray()));
            offset += fanOut; l++;
        }
        if (offset < flat.Length) arrays.Add(Npz.Named.Floats("log_std", [flat.Length - offset], flat.AsSpan(offset).ToArray()));
        if (observationOffset is not null && observationScale is not null)
        {
            arrays.Add(Npz.Named.Floats("obs_offset", [observationOffset.Length], observationOffset));
            arrays.Add(Npz.Named.Floats("obs_scale", [observationScale.Length], observationScale));
        }
        arrays.Add(Npz.Named.Longs("generation", [], [generation]));
        arrays.Add(Npz.Named.Text("task", task));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        Npz.WriteArrays(arrays, path);
    }

    /// <summary>The <c>flat</c> parameter vector of policy.npz.</summary>
    public float[] ReadPolicy()
    {
        if (!File.Exists(PolicyFile)) throw new HadesUserException($"no policy file in {Path} (policy.npz is written by direct-ES runs)");
        var flat = Npz.Read(PolicyFile)["flat"];
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(flat.Data).ToArray();
    }

    public void WriteMetrics(IEnumerable<GenerationRecord> records)
    {
        var sb = new StringBuilder(MetricsHeader).Append('\n');
        foreach (var r in records)
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"{r.Generation},{r.MeanFitness:0.####},{r.MaxFitness:0.####},{r.EvalReturn:0.####},{r.Seconds:0.###},{r.EnvSteps}\n"));
        WriteAtomically(MetricsFile, sb.ToString());
        WriteTensorBoard(records);
    }

    /// <summary>Rewrites the event file from the whole history (like metrics.csv, it always matches the journal).</summary>
    void WriteTensorBoard(IEnumerable<GenerationRecord> records)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(TensorBoardFile)!);
        double start = File.Exists(ConfigFile) ? new DateTimeOffset(File.GetLastWriteTimeUtc(ConfigFile)).ToUnixTimeMilliseconds() / 1000.0 : 0;
        double wall = start;
        var scalars = new List<TensorBoardEvents.Scalar>();
        foreach (var r in records)
        {
            wall += r.Seconds;
            scalars.Add(new("fitness/mean", r.Generation, (float)r.MeanFitness, wall));
            scalars.Add(new("fitness/max", r.Generation, (float)r.MaxFitness, wall));
            scalars.Add(new("eval_return", r.Generation, (float)r.EvalReturn, wall));
            scalars.Add(new("seconds_per_generation", r.Generation, (float)r.Seconds, wall));
        }
        Storage.AtomicFile.WriteAllBytes(TensorBoardFile, TensorBoardEvents.Encode(scalars, start));
    }

    static void WriteAtomically(string file, string content) => Storage.AtomicFile.WriteAllText(file, content);
}
