using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Hades.Core.Runs;
using Hades.Core.Es;
using Hades.Actors.Messages;

namespace Hades.Actors.Persistence;

/// <summary>
/// Compact binary form of journal events, snapshots and the messages that cross the network: float arrays
/// as raw little-endian bytes (exact, and ~50× smaller and faster than Akka's default JSON). Each payload
/// starts with a format version.
/// </summary>
public sealed class HadesSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    const string GenerationCompletedManifest = "generation-completed";
    const string PopulationSnapshotManifest = "population-snapshot";
    const string CampaignPlannedManifest = "campaign-planned";
    const string ExperimentFinishedManifest = "experiment-finished";
    const string EvaluateCandidatesManifest = "evaluate-candidates";
    const string EvaluateMeanManifest = "evaluate-mean";
    const string CandidatesEvaluatedManifest = "candidates-evaluated";
    const string MeanEvaluatedManifest = "mean-evaluated";
    const string EvaluationFailedManifest = "evaluation-failed";
    const string EvaluateDatasetManifest = "evaluate-dataset";
    const string DatasetEvaluatedManifest = "dataset-evaluated";
    const string GetEvaluatorStatsManifest = "get-evaluator-stats";
    const string EvaluatorStatsManifest = "evaluator-stats";
    const string WorkAvailableManifest = "work-available";
    const string RequestWorkManifest = "request-work";
    const string WorkDeclinedManifest = "work-declined";
    const string PpoIterationCompletedManifest = "ppo-iteration-completed";
    const string DistilChunkCompletedManifest = "distil-chunk-completed";
    const string StageWorkManifest = "stage-work";
    const string StageTrainedManifest = "stage-trained";
    const string StageFailedManifest = "stage-failed";
    const byte FormatVersion = 1;

    public override int Identifier => 471_100;

    public override string Manifest(object o) => o switch
    {
        GenerationCompleted => GenerationCompletedManifest,
        PopulationSnapshot => PopulationSnapshotManifest,
        CampaignPlanned => CampaignPlannedManifest,
        ExperimentFinished => ExperimentFinishedManifest,
        EvaluateCandidates => EvaluateCandidatesManifest,
        EvaluateMean => EvaluateMeanManifest,
        CandidatesEvaluated => CandidatesEvaluatedManifest,
        MeanEvaluated => MeanEvaluatedManifest,
        EvaluationFailed => EvaluationFailedManifest,
        EvaluateDataset => EvaluateDatasetManifest,
        DatasetEvaluated => DatasetEvaluatedManifest,
        GetEvaluatorStats => GetEvaluatorStatsManifest,
        EvaluatorStats => EvaluatorStatsManifest,
        WorkAvailable => WorkAvailableManifest,
        RequestWork => RequestWorkManifest,
        WorkDeclined => WorkDeclinedManifest,
        Baselines.PpoIterationCompleted => PpoIterationCompletedManifest,
        DataFree.DistilChunkCompleted => DistilChunkCompletedManifest,
        StageWork => StageWorkManifest,
        StageTrained => StageTrainedManifest,
        StageFailed => StageFailedManifest,
        _ => throw new SerializationException($"HadesSerializer cannot serialize {o.GetType()}"),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(FormatVersion);
            switch (obj)
            {
                case GenerationCompleted e:
                    w.Write(e.Generation); WriteFloats(w, e.Fitness); w.Write(e.EvalReturn); w.Write(e.Seconds);
                    w.Write(e.EnvSteps); // added with step counting; older events end before it
                    break;
                case Baselines.PpoIterationCompleted p:
                    WritePpoState(w, p.State); WriteHistory(w, p.History);
                    break;
                case DataFree.DistilChunkCompleted d:
                    WriteBytes(w, d.State); WriteHistory(w, d.History);
                    break;
                case PopulationSnapshot s:
                    w.Write(s.Es.Generation); WriteFloats(w, s.Es.Mean); WriteFloats(w, s.Es.AdamM); WriteFloats(w, s.Es.AdamV);
                    WriteHistory(w, s.History);
                    WriteFloats(w, s.Es.Sigma); // added with SNES; snapshots written before it end after the history
                    // added with step counting and best results; older snapshots end after σ
                    WriteLongs(w, s.History.Select(h => h.EnvSteps).ToArray());
                    w.Write(s.Best is not null);
                    if (s.Best is { } best) { w.Write(best.Generation); w.Write(best.EvalReturn); WriteFloats(w, best.Mean); }
                    break;
                case CampaignPlanned p:
                    WriteStrings(w, p.Names); WriteStrings(w, p.ConfigJsons); WriteStrings(w, p.RunIds);
                    break;
                case ExperimentFinished e:
                    w.Write(e.Index);
                    break;
                case EvaluateCandidates c:
                    WriteRun(w, c.Run); w.Write(c.Generation); WriteInts(w, c.Indices); WriteBytes(w, c.Mean); WriteBytes(w, c.Sigma);
                    break;
                case EvaluateMean m:
                    WriteRun(w, m.Run); w.Write(m.Generation); WriteBytes(w, m.Mean);
                    break;
                case CandidatesEvaluated c:
                    w.Write(c.Generation); WriteInts(w, c.Indices); WriteFloats(w, c.Fitness); w.Write(c.TrainingSeconds); w.Write(c.RolloutSeconds);
                    WriteLongs(w, c.EnvSteps ?? []);
                    break;
                case MeanEvaluated m:
                    w.Write(m.Generation); w.Write(m.EvalReturn);
                    break;
                case EvaluationFailed f:
                    w.Write(f.Generation); w.Write(f.Reason); w.Write(f.EvaluatorError); WriteInts(w, f.Indices ?? []);
                    break;
                case EvaluateDataset d:
                    WriteRun(w, d.Run); WriteBytes(w, d.Parameters); WriteInts(w, d.Hidden); w.Write(d.Activation);
                    w.Write(d.Steps); w.Write(d.LearningRate); w.Write(d.Policies); w.Write(d.Seed);
                    break;
                case DatasetEvaluated d:
                    WriteFloats(w, d.Returns);
                    break;
                case GetEvaluatorStats:
                case WorkAvailable:
                    break;
                case RequestWork rw:
                    w.Write(rw.Capacity);
                    break;
                case WorkDeclined wd:
                    w.Write(wd.Generation); WriteInts(w, wd.Indices);
                    break;
                case EvaluatorStats st:
                    w.Write(st.Address); w.Write(st.BatchesEvaluated); w.Write(st.CandidatesEvaluated);
                    break;
                case StageWork sw:
                    w.Write(sw.Campaign); w.Write(sw.Index); w.Write(sw.Name); w.Write(sw.RunDir); w.Write(sw.SpecJson);
                    break;
                case StageTrained st:
                    w.Write(st.Campaign); w.Write(st.Index); w.Write(st.Node);
                    break;
                case StageFailed sf:
                    w.Write(sf.Campaign); w.Write(sf.Index); w.Write(sf.Reason); w.Write(sf.Node); w.Write(sf.Retry);
                    break;
                default:
                    throw new SerializationException($"HadesSerializer cannot serialize {obj.GetType()}");
            }
        }
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes));
            byte version = r.ReadByte();
            if (version != FormatVersion) throw new SerializationException($"unknown Hades payload version {version}");
            object result = manifest switch
            {
                GenerationCompletedManifest => new GenerationCompleted(r.ReadInt32(), ReadFloats(r), r.ReadSingle(), r.ReadDouble(),
                    r.BaseStream.Position < r.BaseStream.Length ? r.ReadInt64() : 0),
                PopulationSnapshotManifest => ReadSnapshot(r),
                PpoIterationCompletedManifest => new Baselines.PpoIterationCompleted(ReadPpoState(r), ReadHistory(r)),
                DistilChunkCompletedManifest => new DataFree.DistilChunkCompleted(ReadBytes(r), ReadHistory(r)),
                CampaignPlannedManifest => new CampaignPlanned(ReadStrings(r), ReadStrings(r), ReadStrings(r)),
                ExperimentFinishedManifest => new ExperimentFinished(r.ReadInt32()),
                EvaluateCandidatesManifest => new EvaluateCandidates(ReadRun(r), r.ReadInt32(), ReadInts(r), ReadBytes(r), ReadBytes(r)),
                EvaluateMeanManifest => new EvaluateMean(ReadRun(r), r.ReadInt32(), ReadBytes(r)),
                CandidatesEvaluatedManifest => new CandidatesEvaluated(r.ReadInt32(), ReadInts(r), ReadFloats(r), r.ReadDouble(), r.ReadDouble(),
                    r.BaseStream.Position < r.BaseStream.Length ? ReadLongs(r) : []),
                MeanEvaluatedManifest => new MeanEvaluated(r.ReadInt32(), r.ReadSingle()),
                EvaluationFailedManifest => new EvaluationFailed(r.ReadInt32(), r.ReadString(), r.ReadBoolean(), ReadInts(r)),
                EvaluateDatasetManifest => new EvaluateDataset(ReadRun(r), ReadBytes(r), ReadInts(r), r.ReadString(), r.ReadInt32(), r.ReadDouble(), r.ReadInt32(), r.ReadUInt64()),
                DatasetEvaluatedManifest => new DatasetEvaluated(ReadFloats(r)),
                GetEvaluatorStatsManifest => GetEvaluatorStats.Instance,
                WorkAvailableManifest => WorkAvailable.Instance,
                RequestWorkManifest => new RequestWork(r.ReadInt32()),
                WorkDeclinedManifest => new WorkDeclined(r.ReadInt32(), ReadInts(r)),
                EvaluatorStatsManifest => new EvaluatorStats(r.ReadString(), r.ReadInt32(), r.ReadInt32()),
                StageWorkManifest => new StageWork(r.ReadString(), r.ReadInt32(), r.ReadString(), r.ReadString(), r.ReadString()),
                StageTrainedManifest => new StageTrained(r.ReadString(), r.ReadInt32(), r.ReadString()),
                StageFailedManifest => new StageFailed(r.ReadString(), r.ReadInt32(), r.ReadString(), r.ReadString(), r.ReadBoolean()),
                _ => throw new SerializationException($"unknown Hades manifest '{manifest}'"),
            };
            if (r.BaseStream.Position != bytes.Length) throw new SerializationException($"trailing bytes in '{manifest}' payload");
            return result;
        }
        catch (EndOfStreamException)
        {
            throw new SerializationException($"truncated '{manifest}' payload ({bytes.Length} bytes)");
        }
    }

    static void WritePpoState(BinaryWriter w, Core.Baselines.Ppo.PpoState s)
    {
        w.Write(s.Iteration); w.Write(s.EnvSteps); WriteFloats(w, s.Parameters); WriteFloats(w, s.AdamFirstMoment);
        WriteFloats(w, s.AdamSecondMoment); w.Write(s.AdamSteps);
        w.Write(s.EpisodeCounters.Length);
        foreach (var c in s.EpisodeCounters) w.Write(c);
        w.Write(s.EpisodeActions.Length);
        foreach (var a in s.EpisodeActions) WriteFloats(w, a);
    }

    static Core.Baselines.Ppo.PpoState ReadPpoState(BinaryReader r)
    {
        int iteration = r.ReadInt32(); long steps = r.ReadInt64();
        var parameters = ReadFloats(r); var m = ReadFloats(r); var v = ReadFloats(r); long adamSteps = r.ReadInt64();
        var counters = new long[Count(r)];
        for (int i = 0; i < counters.Length; i++) counters[i] = r.ReadInt64();
        var actions = new float[Count(r)][];
        for (int i = 0; i < actions.Length; i++) actions[i] = ReadFloats(r);
        return new Core.Baselines.Ppo.PpoState(iteration, steps, parameters, m, v, adamSteps, counters, actions);
    }

    static int Count(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 10_000_000) throw new SerializationException($"implausible array length {n}");
        return n;
    }

    static void WriteHistory(BinaryWriter w, GenerationRecord[] history)
    {
        w.Write(history.Length);
        foreach (var h in history)
        {
            w.Write(h.Generation); w.Write(h.MeanFitness); w.Write(h.MaxFitness); w.Write(h.EvalReturn); w.Write(h.Seconds);
        }
    }

    static GenerationRecord[] ReadHistory(BinaryReader r)
    {
        var history = new GenerationRecord[Count(r)];
        for (int i = 0; i < history.Length; i++)
            history[i] = new GenerationRecord(r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
        return history;
    }

    static PopulationSnapshot ReadSnapshot(BinaryReader r)
    {
        var es = new EsState(r.ReadInt32(), ReadFloats(r), ReadFloats(r), ReadFloats(r));
        var history = ReadHistory(r);
        if (r.BaseStream.Position < r.BaseStream.Length) es = es with { Sigma = ReadFloats(r) };
        Core.BehaviourDistillation.BestResult? best = null;
        if (r.BaseStream.Position < r.BaseStream.Length)
        {
            var steps = ReadLongs(r);
            if (steps.Length != history.Length) throw new SerializationException($"snapshot has {steps.Length} step counts for {history.Length} generations");
            history = history.Select((h, i) => h with { EnvSteps = steps[i] }).ToArray();
            if (r.ReadBoolean()) best = new(r.ReadInt32(), r.ReadSingle(), ReadFloats(r));
        }
        return new PopulationSnapshot(es, history) { Best = best };
    }

    static void WriteStrings(BinaryWriter w, string[] values)
    {
        w.Write(values.Length);
        foreach (var v in values) w.Write(v);
    }

    static string[] ReadStrings(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 1_000_000) throw new SerializationException($"implausible list length {n}");
        var values = new string[n];
        for (int i = 0; i < n; i++) values[i] = r.ReadString();
        return values;
    }

    static void WriteRun(BinaryWriter w, RunSpec run) { w.Write(run.RunId); w.Write(run.ConfigJson); }

    static RunSpec ReadRun(BinaryReader r) => new(r.ReadString(), r.ReadString());

    static void WriteInts(BinaryWriter w, int[] values) => WriteArray(w, values);
    static int[] ReadInts(BinaryReader r) => ReadArray<int>(r);
    static void WriteLongs(BinaryWriter w, long[] values) => WriteArray(w, values);
    static long[] ReadLongs(BinaryReader r) => ReadArray<long>(r);
    static void WriteFloats(BinaryWriter w, float[] values) => WriteArray(w, values);
    static float[] ReadFloats(BinaryReader r) => ReadArray<float>(r);

    static void WriteBytes(BinaryWriter w, byte[] values) { w.Write(values.Length); w.Write(values); }

    /// <summary>The length, then the elements' raw little-endian bytes.</summary>
    static void WriteArray<T>(BinaryWriter w, T[] values) where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    static T[] ReadArray<T>(BinaryReader r) where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var bytes = ReadBytes(r, size);
        var values = new T[bytes.Length / size];
        bytes.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    static byte[] ReadBytes(BinaryReader r, int elementSize = 1)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 400_000_000 / elementSize) throw new SerializationException($"implausible array length {n}");
        var bytes = r.ReadBytes(n * elementSize);
        if (bytes.Length != n * elementSize) throw new EndOfStreamException();
        return bytes;
    }
}
