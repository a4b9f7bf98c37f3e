using System.Globalization;
using System.Text;

namespace Hades.Core.Runs;

/// <summary>Writes a run's metrics: metrics.csv (one row per generation) and the TensorBoard scalars, both rewritten
/// from the whole history so they always match the journal.</summary>
public sealed class RunMetricsWriter(RunPaths run)
{
    public const string Header = "generation,mean_fitness,max_fitness,eval_return,seconds,env_steps";

    public void Write(IEnumerable<GenerationRecord> records)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in records)
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"{r.Generation},{r.MeanFitness:0.####},{r.MaxFitness:0.####},{r.EvalReturn:0.####},{r.Seconds:0.###},{r.EnvSteps}\n"));
        Storage.AtomicFile.WriteAllText(run.MetricsFile, sb.ToString());
        WriteTensorBoard(records);
    }

    /// <summary>Rewrites the event file from the whole history (like metrics.csv, it always matches the journal).</summary>
    void WriteTensorBoard(IEnumerable<GenerationRecord> records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(run.TensorBoardFile)!);
        double start = File.Exists(run.ConfigFile) ? new DateTimeOffset(File.GetLastWriteTimeUtc(run.ConfigFile)).ToUnixTimeMilliseconds() / 1000.0 : 0;
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
        Storage.AtomicFile.WriteAllBytes(run.TensorBoardFile, TensorBoardEvents.Encode(scalars, start));
    }
}
