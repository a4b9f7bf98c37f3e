using Akka.Actor;
using Akka.Configuration;
using Hades.Actors.Messages;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Host.Hosting;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Hosting;

/// <summary>
/// Three ActorSystems on 127.0.0.1 (seed/population + two evaluator workers) run a CartPole distillation.
/// Losing a worker mid-run, or gaining one, changes who evaluates what but not the result.
/// </summary>
[Collection("cluster")] // cluster tests bind ports and use both cores: run them one after another
public sealed class ClusterRunTests : IDisposable
{
    readonly TempDir dir = new();

    static HadesConfig Config() => new()
    {
        Task = "cartpole", Seed = 21, Generations = 5, PopulationSize = 32, DatasetSize = 2, Hidden = [16],
        InnerSteps = 10, Episodes = 2, Inits = 1, EvalPolicies = 2, BatchSize = 4, MaxBatchesInFlight = 2,
    };

    /// <summary>A worker that dies instead of leaving: no cluster leave on terminate.</summary>
    static readonly Config Crashing = ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-actor-system-terminate = off");

    async Task<byte[]> SingleNodeDataset(HadesConfig config)
    {
        var run = new RunDirectory(dir.Sub("single"));
        run.CreateOrMatch(config);
        var outcome = await EmbeddedRun.RunAsync(new HadesProblem(config), run, _ => { }, CancellationToken.None);
        Assert.IsType<RunOutcome.Finished>(outcome);
        return File.ReadAllBytes(run.DatasetFile);
    }

    static async Task<int> BatchesOf(WorkerNode worker) =>
        (await worker.Evaluator.Ask<EvaluatorStats>(GetEvaluatorStats.Instance, TimeSpan.FromSeconds(5))).BatchesEvaluated;

    [Fact]
    [Trait("Category", "slow")]
    public async Task Killing_a_worker_mid_run_still_completes_with_the_single_node_result()
    {
        var config = Config();
        var expected = await SingleNodeDataset(config);
        var run = new RunDirectory(dir.Sub("cluster"));
        run.CreateOrMatch(config);
        var firstGeneration = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var seed = SeedNode.Start(new HadesProblem(config), run, _ => firstGeneration.TrySetResult(),
            "127.0.0.1", FreePort.Next(), localEvaluator: false, askTimeout: TimeSpan.FromSeconds(3));
        var doomed = WorkerNode.Start(seed.Address, user: Crashing);
        await using var survivor = WorkerNode.Start(seed.Address);
        await Task.WhenAll(doomed.Joined(), survivor.Joined()).WaitAsync(TimeSpan.FromSeconds(30));

        await firstGeneration.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(await BatchesOf(doomed) > 0, "the doomed worker never got work");
        await doomed.System.Terminate(); // dies with work in flight; its batches must be re-issued

        var outcome = await seed.Outcome.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.IsType<RunOutcome.Finished>(outcome);
        Assert.True(await BatchesOf(survivor) > 0);
        Assert.Equal(expected, File.ReadAllBytes(run.DatasetFile));
    }

    [Fact]
    [Trait("Category", "slow")]
    public async Task A_worker_that_joins_mid_run_receives_work()
    {
        var config = Config() with { Generations = 400, Seed = 22 }; // long enough to outlast a join
        var run = new RunDirectory(dir.Sub("join"));
        run.CreateOrMatch(config);
        int reported = 0;
        var secondGeneration = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var seed = SeedNode.Start(new HadesProblem(config), run,
            _ => { if (Interlocked.Increment(ref reported) == 2) secondGeneration.TrySetResult(); },
            "127.0.0.1", FreePort.Next(), localEvaluator: false, askTimeout: TimeSpan.FromSeconds(10));
        await using var first = WorkerNode.Start(seed.Address);
        await secondGeneration.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        int reportedAtStart = reported;
        await using var late = WorkerNode.Start(seed.Address);
        await late.Joined().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(seed.Outcome.IsCompleted, $"the run ended before the late worker joined ({clock.Elapsed.TotalSeconds:0.0} s, generations {reportedAtStart} -> {reported}); the test proves nothing");
        int lateBatches = 0;
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); lateBatches == 0 && wait.Elapsed < TimeSpan.FromSeconds(30);)
        {
            await Task.Delay(200);
            lateBatches = await BatchesOf(late);
        }
        Assert.True(lateBatches > 0, "the worker that joined mid-run evaluated nothing");
        Assert.True(await BatchesOf(first) > 0);
        Assert.False(seed.Outcome.IsCompleted, "the run should still be going: the late worker's work came from this run");
    }

    public void Dispose() => dir.Dispose();
}
