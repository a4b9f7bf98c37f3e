namespace Hades.Core.Runs;

/// <summary>
/// The names of a run dir's files, and nothing else: what writes them is <see cref="RunDirectory"/> (config
/// freezing, run id, journal kind), <see cref="DatasetOutputs"/>, <see cref="RunPictures"/>,
/// <see cref="RunMetricsWriter"/> (metrics.csv and TensorBoard scalars) and <see cref="PolicyFiles"/>.
/// </summary>
public class RunPaths(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string ConfigFile => In("config.json");
    public string JournalFile => In("journal.db");
    public string DatasetFile => In("dataset.json");
    public string ReportFile => In("report.md");
    public string SummaryFile => In("summary.json");
    public string MetricsFile => In("metrics.csv");
    public string DatasetNpzFile => In("dataset.npz");
    /// <summary>The best dataset so far (highest eval return of a generation-start mean), beside the last one.</summary>
    public string BestDatasetFile => In("best-dataset.json");
    public string BestDatasetNpzFile => In("best-dataset.npz");
    /// <summary>Direct ES: the policy of the current mean.</summary>
    public string PolicyFile => In("policy.npz");
    /// <summary>Direct ES: the best policy so far (highest eval return), beside policy.npz.</summary>
    public string BestPolicyFile => In("best-policy.npz");
    public string DatasetPictureFile => In("dataset.png");
    public string FitnessSvgFile => In("fitness.svg");
    public string FitnessPictureFile => In("fitness.png");
    /// <summary>TensorBoard event file (scalars per generation): `tensorboard --logdir RUN_DIR/tensorboard`.</summary>
    public string TensorBoardFile => In("tensorboard", "events.out.tfevents.0.hades");
    /// <summary>TensorBoard event file of images (appended per generation).</summary>
    public string TensorBoardImagesFile => In("tensorboard", "events.out.tfevents.1.hades-images");
    public string RunIdFile => In("run-id");
    public string JournalKindFile => In("journal-kind");
    /// <summary>Image tasks: evolution/gen-NNNN.npz and .png every few generations.</summary>
    public string EvolutionFolder => In("evolution");
    public string EvolutionGif => In("evolution.gif");

    string In(params string[] names) => System.IO.Path.Combine([Path, .. names]);
}
