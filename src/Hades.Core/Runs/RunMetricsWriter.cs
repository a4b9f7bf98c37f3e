using System.Globalization;
using System.Text;

namespace Hades.Core.Runs;

/// <summary>Writes a run's metrics: metrics.csv (one row per generation) and the TensorBoard scalars, rewritten from
/// the whole history (<see cref="Write"/>: they then match the journal) or extended by the last generation
/// (<see cref="Append"/>, after a generation of a live run).</summary>
public sealed class RunMetricsWriter(RunPaths run)
{
    public const string Header = "generation,mean_fitness,max_fitness,eval_return,seconds,env_steps";

    public void Write(IEnumerable<GenerationRecord> records)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in records) sb.Append(Row(r));
        Storage.AtomicFile.WriteAllText(run.MetricsFile, sb.ToString());
        WriteTensorBoard(records);
    }

    /// <summary>Appends the last record of <paramref name="records"/> to metrics.csv and its scalars to the event
    /// file, which must hold the records before it (as <see cref="Write"/> left them).</summary>
    public void Append(IReadOnlyList<GenerationRecord> records)
    {
        var r = records[^1];
        File.AppendAllText(run.MetricsFile, Row(r));
        double wall = StartTime() + records.Sum(x => x.Seconds);
        using var file = new FileStream(run.TensorBoardFile, FileMode.Append, FileAccess.Write);
        file.Write(TensorBoardEvents.EncodeEvents(Scalars(r, wall)));
    }

    static string Row(GenerationRecord r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Generation},{r.MeanFitness:0.####},{r.MaxFitness:0.####},{r.EvalReturn:0.####},{r.Seconds:0.###},{r.EnvSteps}\n");

    /// <summary>A generation's scalars; eval_return only where the mean was scored (<c>--eval-every</c>).</summary>
    static IEnumerable<TensorBoardEvents.Scalar> Scalars(GenerationRecord r, double wall) =>
    [
        new("fitness/mean", r.Generation, (float)r.MeanFitness, wall),
        new("fitness/max", r.Generation, (float)r.MaxFitness, wall),
        .. double.IsNaN(r.EvalReturn) ? Array.Empty<TensorBoardEvents.Scalar>() : [new("eval_return", r.Generation, (float)r.EvalReturn, wall)],
        new("seconds_per_generation", r.Generation, (float)r.Seconds, wall),
    ];

    double StartTime() => File.Exists(run.ConfigFile) ? new DateTimeOffset(File.GetLastWriteTimeUtc(run.ConfigFile)).ToUnixTimeMilliseconds() / 1000.0 : 0;

    /// <summary>Rewrites the event file from the whole history (like metrics.csv, it always matches the journal).</summary>
    void WriteTensorBoard(IEnumerable<GenerationRecord> records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(run.TensorBoardFile)!);
        double start = StartTime();
        double wall = start;
        var scalars = new List<TensorBoardEvents.Scalar>();
        foreach (var r in records)
        {
            wall += r.Seconds;
            scalars.AddRange(Scalars(r, wall));
        }
        Storage.AtomicFile.WriteAllBytes(run.TensorBoardFile, TensorBoardEvents.Encode(scalars, start));
    }
}
