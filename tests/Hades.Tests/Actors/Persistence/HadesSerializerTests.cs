using Akka.Actor;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Core.Runs;
using Hades.Core.Es;

namespace Hades.Tests.Actors.Persistence;

/// <summary>Every journal payload and network message survives the binary serializer exactly.</summary>
public sealed class HadesSerializerTests : IDisposable
{
    readonly ActorSystem system = ActorSystem.Create("serializer-test");
    HadesSerializer Serializer => new((ExtendedActorSystem)system);

    static readonly RunSpec Run = new("population-abc", "{ \"task\": \"cartpole\" }");

    public static TheoryData<object> Payloads() =>
    [
        new GenerationCompleted(7, [1.5f, -2.25f, float.Epsilon], 480.5f, 0.125),
        new PopulationSnapshot(new EsState(3, [1, 2], [0.1f, 0.2f], [0.3f, 0.4f]), [new GenerationRecord(0, 1, 2, 3, 4)]),
        new PopulationSnapshot(new EsState(3, [1, 2], [], []) { Sigma = [0.5f, 0.25f] }, []),
        new CampaignPlanned(["a", "b"], ["{}", "{ }"], ["r1", "r2"]),
        new ExperimentFinished(4),
        new EvaluateCandidates(Run, 2, [0, 5, 9], [1, 2, 3, 4], [5, 6, 7, 8]),
        new EvaluateMean(Run, 2, [9, 8, 7, 6]),
        new CandidatesEvaluated(2, [0, 5], [500f, 9f], 0.5, 0.25),
        new MeanEvaluated(2, 499.5f),
        new EvaluationFailed(2, "no answer", false),
        new EvaluationFailed(2, "evaluator error", true, [4, 5, 6]),
        WorkAvailable.Instance,
        new RequestWork(2),
        new WorkDeclined(2, [4, 5, 6]),
        new WorkDeclined(2, []),
        new EvaluateDataset(Run, [1, 2, 3, 4], [64, 64], "relu", 20, 0.03, 10, ulong.MaxValue - 3),
        new DatasetEvaluated([1f, 2f]),
        GetEvaluatorStats.Instance,
        new EvaluatorStats("akka.tcp://hades@127.0.0.1:1", 3, 12),
        new StageWork("zs", 3, "expert-taskcartpole", "/runs/zs/expert-taskcartpole", "{\"Kind\":\"ppo\"}"),
        new StageTrained("zs", 3, "akka.tcp://hades@127.0.0.1:2"),
        new StageFailed("zs", 3, "the PPO run failed", "akka.tcp://hades@127.0.0.1:2", Retry: false),
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Round_trip_is_exact(object payload)
    {
        var serializer = Serializer;
        string manifest = serializer.Manifest(payload);
        var bytes = serializer.ToBinary(payload);
        var back = serializer.FromBinary(bytes, manifest);
        Assert.Equal(payload.GetType(), back.GetType());
        Assert.Equal(bytes, serializer.ToBinary(back));
    }

    [Fact]
    public void Snapshot_sigma_survives_and_snapshots_from_before_snes_read_with_empty_sigma()
    {
        var serializer = Serializer;
        var snes = new PopulationSnapshot(new EsState(3, [1, 2], [], []) { Sigma = [0.5f, 0.25f] }, []);
        var back = (PopulationSnapshot)serializer.FromBinary(serializer.ToBinary(snes), serializer.Manifest(snes));
        Assert.Equal([0.5f, 0.25f], back.Es.Sigma);
        // an older snapshot: the same bytes without the trailing σ array (int32 length 0 = 4 bytes), the step counts
        // (int32 length 0 = 4 bytes) and the best-result flag (1 byte)
        var plain = new PopulationSnapshot(new EsState(1, [3f], [0f], [0f]), []);
        var bytes = serializer.ToBinary(plain);
        var old = (PopulationSnapshot)serializer.FromBinary(bytes[..^9], serializer.Manifest(plain));
        Assert.Empty(old.Es.Sigma);
        Assert.Equal([3f], old.Es.Mean);
    }

    [Fact]
    public void Snapshot_step_counts_and_best_result_survive_and_older_snapshots_read_without_them()
    {
        var serializer = Serializer;
        var snapshot = new PopulationSnapshot(new EsState(2, [1f, 2f], [], []) { Sigma = [0.5f] },
            [new GenerationRecord(0, 1, 2, 3, 0.5, 1234), new GenerationRecord(1, 2, 3, 4, 0.5, 5678)])
        { Best = new Hades.Core.BehaviourDistillation.BestResult(1, 4f, [7f, 8f]) };
        var back = (PopulationSnapshot)serializer.FromBinary(serializer.ToBinary(snapshot), serializer.Manifest(snapshot));
        Assert.Equal([1234L, 5678L], back.History.Select(h => h.EnvSteps));
        Assert.Equal(snapshot.Best, back.Best);
        // written before steps and best results: σ is the last array
        var bytes = serializer.ToBinary(snapshot with { Best = null });
        var old = (PopulationSnapshot)serializer.FromBinary(bytes[..^(4 + 2 * 8 + 1)], serializer.Manifest(snapshot));
        Assert.Equal([0L, 0L], old.History.Select(h => h.EnvSteps));
        Assert.Null(old.Best);
        Assert.Equal([0.5f], old.Es.Sigma);
    }

    [Fact]
    public void Generation_events_carry_env_steps_and_older_events_read_as_zero_steps()
    {
        var serializer = Serializer;
        var e = new GenerationCompleted(4, [1f, 2f], 3f, 0.5, 98765);
        var bytes = serializer.ToBinary(e);
        Assert.Equal(98765L, ((GenerationCompleted)serializer.FromBinary(bytes, serializer.Manifest(e))).EnvSteps);
        var old = (GenerationCompleted)serializer.FromBinary(bytes[..^8], serializer.Manifest(e));
        Assert.Equal(0L, old.EnvSteps);
        Assert.Equal([1f, 2f], old.Fitness);
        var batch = new Hades.Actors.Messages.CandidatesEvaluated(4, [0, 1], [1f, 2f], 0.1, 0.2, [10L, 20L]);
        var batchBack = (Hades.Actors.Messages.CandidatesEvaluated)serializer.FromBinary(serializer.ToBinary(batch), serializer.Manifest(batch));
        Assert.Equal([10L, 20L], batchBack.EnvSteps!);
    }

    [Fact]
    public void Truncated_or_unknown_payloads_are_serialization_errors()
    {
        var serializer = Serializer;
        var bytes = serializer.ToBinary(new GenerationCompleted(1, [1f, 2f], 3f, 4));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary(bytes[..^3], "generation-completed"));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary(bytes, "no-such-manifest"));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([99, 0, 0], "generation-completed"));
    }

    public void Dispose() => system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
