using Akka.Actor;
using Hades.Actors.DataFree;
using Hades.Actors.Messages;
using Hades.Actors.Persistence;
using Hades.Core.DataFree;
using Hades.Core.Runs;
using Hades.Host.Hosting;
using Hades.Tests.Support;

namespace Hades.Tests.Actors.DataFree;

/// <summary>The distillation trainer actor journals every chunk: it runs a job to the end, writes its outputs, and a
/// run whose ActorSystem is terminated mid-way resumes from the journal to the same state as an uninterrupted run.</summary>
public sealed class DistilRunActorTests : IDisposable
{
    readonly TempDir dir = new();

    static readonly DistilConfig Config = new() { Task = "cartpole", Method = "gas", Seed = 3, Steps = 47, ChunkSteps = 10, EvalEveryChunks = 2, FinalEvalEpisodes = 4 };

    /// <summary>Runs the actor in a fresh ActorSystem on the run dir's journal until it finishes or fails, or until
    /// <paramref name="stopAfterChunks"/> chunks were reported (then the system is terminated, as by a kill).</summary>
    static async Task<(RunOutcome? Outcome, List<GenerationReported> Reports, DistilState? State)> Run(
        FakeDistilJob job, RunDirectory run, int? stopAfterChunks = null, Action? afterTerminateStarted = null)
    {
        var system = ActorSystem.Create("distil-test", AkkaConfig.EmbeddedRun(run));
        var reports = new List<GenerationReported>();
        var outcome = new TaskCompletionSource<RunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            RunListener.Subscribe(system, r =>
            {
                lock (reports) reports.Add(r);
                if (stopAfterChunks is { } k && reports.Count >= k) outcome.TrySetResult(new RunOutcome.Interrupted());
            }, outcome);
            var actor = system.ActorOf(DistilRunActor.Props(job, new DistilRunSettings(2), run, EmbeddedDistilRun.PersistenceId));
            var result = await outcome.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var state = result is RunOutcome.Finished ? await actor.Ask<DistilState>(GetDistilState.Instance, TimeSpan.FromSeconds(10)) : null;
            lock (reports) return (result, [.. reports], state);
        }
        finally
        {
            var terminated = system.Terminate();
            afterTerminateStarted?.Invoke();
            await terminated;
        }
    }

    static DistilState Uninterrupted(DistilConfig config)
    {
        var job = new FakeDistilJob(config);
        return job.Advance(job.Initial(), config.Steps).Next;
    }

    [Fact]
    public async Task Runs_the_job_to_the_end_and_writes_the_outputs()
    {
        var run = new RunDirectory(dir.Sub("run"));
        Directory.CreateDirectory(run.Path);
        var job = new FakeDistilJob(Config);
        var (outcome, reports, state) = await Run(job, run);

        Assert.Equal(5, Assert.IsType<RunOutcome.Finished>(outcome).Generations);
        Assert.Equal([0, 10, 20, 30, 40], job.AdvancedFrom);           // four chunks of 10 and a last one of 7
        Assert.Equal(47, state!.Step);
        Assert.Equal(Uninterrupted(Config).ToBytes(), state.ToBytes()); // chunking does not change the result
        Assert.Equal(Enumerable.Range(0, 5), reports.Select(r => r.Record.Generation));
        Assert.All(reports, r => Assert.Equal(5, r.TotalGenerations));

        var metrics = File.ReadAllLines(run.MetricsFile);
        Assert.Equal(RunMetricsWriter.Header, metrics[0]);
        Assert.Equal(6, metrics.Length);
        // eval on chunk 0 (first), 1 and 3 (every 2nd) and 4 (last); chunk 2 repeats chunk 1's score
        var scores = reports.Select(r => r.Record.EvalReturn).ToArray();
        Assert.Equal(scores[1], scores[2]);
        var direct = new FakeDistilJob(Config);
        Assert.Equal(FakeDistilJob.Score(direct.Advance(direct.Initial(), 20).Next, 2), scores[1], 9);
        Assert.Equal(FakeDistilJob.Score(state, 2), scores[4], 9);
        Assert.Equal(1 / (1 + reports[^1].Record.MaxFitness) * 100, reports[^1].Record.MeanFitness, 9); // agreement % and loss
        Assert.True(File.Exists(run.FitnessPictureFile));
        Assert.EndsWith(" at 47\n", File.ReadAllText(Path.Combine(run.Path, "student.txt")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_run_terminated_mid_way_resumes_to_the_state_of_an_uninterrupted_one(int chunksBeforeKill)
    {
        var run = new RunDirectory(dir.Sub($"killed{chunksBeforeKill}"));
        Directory.CreateDirectory(run.Path);
        // the chunk after the kill point blocks until the system is being terminated, so the kill lands mid-run
        using var gate = new ManualResetEventSlim(false);
        var first = new FakeDistilJob(Config) { AfterAdvance = step => { if (step > 10 * chunksBeforeKill) gate.Wait(TimeSpan.FromSeconds(30)); } };
        var (killedOutcome, _, _) = await Run(first, run, stopAfterChunks: chunksBeforeKill, afterTerminateStarted: gate.Set);
        Assert.IsType<RunOutcome.Interrupted>(killedOutcome);
        int journalled = (int)JournalProgress.FromSqlite(run.JournalFile)[EmbeddedDistilRun.PersistenceId];
        Assert.InRange(journalled, chunksBeforeKill, chunksBeforeKill + 1);

        var second = new FakeDistilJob(Config);
        var (outcome, reports, state) = await Run(second, run);
        Assert.IsType<RunOutcome.Finished>(outcome);
        // the second system started from the journalled chunk, not from scratch, and did each remaining chunk once
        Assert.Equal(Enumerable.Range(journalled, 5 - journalled).Select(c => 10 * c), second.AdvancedFrom);
        Assert.Equal(Uninterrupted(Config).ToBytes(), state!.ToBytes());
        Assert.Equal(6, File.ReadAllLines(run.MetricsFile).Length);
        Assert.Equal(Enumerable.Range(journalled, 5 - journalled), reports.Select(r => r.Record.Generation));
    }

    [Fact]
    public async Task A_job_that_throws_fails_the_run_with_one_line_and_keeps_the_journal()
    {
        var run = new RunDirectory(dir.Sub("failing"));
        Directory.CreateDirectory(run.Path);
        var job = new FakeDistilJob(Config) { FailAt = 20 };
        var (outcome, reports, _) = await Run(job, run);
        var failed = Assert.IsType<RunOutcome.Failed>(outcome);
        Assert.Contains("the fake job broke", failed.Reason);
        Assert.DoesNotContain('\n', failed.Reason);
        Assert.Equal(2, reports.Count);
        Assert.Equal(2, JournalProgress.FromSqlite(run.JournalFile)[EmbeddedDistilRun.PersistenceId]);
    }

    [Fact]
    public void The_journal_event_round_trips_through_the_binary_serializer()
    {
        using var system = ActorSystem.Create("distil-serializer-test");
        var serializer = new HadesSerializer((ExtendedActorSystem)system);
        var state = Uninterrupted(Config).ToBytes();
        var e = new DistilChunkCompleted(state, [new GenerationRecord(0, 93.5, 0.25, 81.5, 1.5), new GenerationRecord(1, 94, 0.2, 82, 1.25)]);
        var bytes = serializer.ToBinary(e);
        var back = (DistilChunkCompleted)serializer.FromBinary(bytes, serializer.Manifest(e));
        Assert.Equal(state, back.State);
        Assert.Equal(e.History, back.History);
        Assert.InRange(bytes.Length, state.Length, state.Length + 200); // raw bytes, not JSON of arrays
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary(bytes[..^3], serializer.Manifest(e)));
    }

    public void Dispose() => dir.Dispose();
}
