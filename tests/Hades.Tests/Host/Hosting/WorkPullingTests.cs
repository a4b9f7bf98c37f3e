using Akka.Actor;
using Hades.Actors.Messages;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Host.Hosting;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Hosting;

/// <summary>
/// Work pulling on loopback, with simulated evaluators (a fixed sleep per unit, fitness 0) so the split of the
/// work is decided by speed, not by the shared cores: a faster worker gets more units, and each evaluator
/// actor of a worker with <c>--evaluators 2</c> pulls for itself.
/// </summary>
[Collection("cluster")]
public sealed class WorkPullingTests : IDisposable
{
    readonly TempDir dir = new();

    static HadesConfig Config(int generations) => new()
    {
        Generations = generations, PopulationSize = 64, DatasetSize = 2, Hidden = [4], InnerSteps = 1, Episodes = 1,
        EvalPolicies = 1, BatchSize = 4, MaxBatchesInFlight = 2,
    };

    static async Task<int> Batches(ActorSystem system, string path) =>
        (await system.ActorSelection(path).Ask<EvaluatorStats>(GetEvaluatorStats.Instance, TimeSpan.FromSeconds(10))).BatchesEvaluated;

    [Fact]
    public async Task A_worker_four_times_faster_evaluates_most_of_the_units()
    {
        var config = Config(6);
        var run = new RunDirectory(dir.Sub("speed"));
        run.CreateOrMatch(config);
        await using var seed = SeedNode.Start(new HadesProblem(config), run, _ => { }, "127.0.0.1", FreePort.Next(),
            localEvaluator: false, askTimeout: TimeSpan.FromSeconds(60), minEvaluators: 2);
        await using var fast = WorkerNode.Start(seed.Address, simulatedCost: TimeSpan.FromMilliseconds(25));
        await using var slow = WorkerNode.Start(seed.Address, simulatedCost: TimeSpan.FromMilliseconds(100));
        var outcome = await seed.Outcome.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.IsType<RunOutcome.Finished>(outcome);
        int fastBatches = await Batches(fast.System, "/user/evaluator"), slowBatches = await Batches(slow.System, "/user/evaluator");
        // 6 generations × 16 units of 4 candidates; by speed the fast worker would take 4/5 of them
        Assert.True(fastBatches + slowBatches >= 96, $"fast {fastBatches} + slow {slowBatches} units");
        Assert.True(fastBatches >= 2 * slowBatches, $"fast {fastBatches} vs slow {slowBatches} units: work did not follow speed");
        Assert.True(slowBatches > 0, "the slow worker got nothing");
    }

    [Fact]
    public async Task Each_evaluator_of_a_multi_evaluator_worker_pulls_its_own_work()
    {
        var config = Config(3);
        var run = new RunDirectory(dir.Sub("pool"));
        run.CreateOrMatch(config);
        await using var seed = SeedNode.Start(new HadesProblem(config), run, _ => { }, "127.0.0.1", FreePort.Next(),
            localEvaluator: false, askTimeout: TimeSpan.FromSeconds(60));
        await using var worker = WorkerNode.Start(seed.Address, evaluators: 2, simulatedCost: TimeSpan.FromMilliseconds(30));
        var outcome = await seed.Outcome.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.IsType<RunOutcome.Finished>(outcome);
        int first = await Batches(worker.System, "/user/evaluator/e0"), second = await Batches(worker.System, "/user/evaluator/e1");
        Assert.True(first > 0 && second > 0, $"evaluator e0 {first}, e1 {second} units");
        Assert.Equal(first + second, await Batches(worker.System, "/user/evaluator")); // the pool sums its children
    }

    /// <summary>The only worker hangs for good (its evaluator's compute never ends; its node stays in the cluster): the
    /// timeouts there cost no attempts (the evaluator is silent, not the unit), so without a bound the run would wait
    /// for ever. Past the silence limit the generation fails naming the silent evaluator, and while it waited the seed
    /// said so once per ask timeout (hades.log). The journal is untouched: nothing finished.</summary>
    [Fact]
    public async Task A_run_whose_every_evaluator_hangs_fails_past_the_silence_limit_naming_them_and_says_so_while_it_waits()
    {
        var config = Config(3);
        var run = new RunDirectory(dir.Sub("hung"));
        run.CreateOrMatch(config);
        await using var seed = SeedNode.Start(new HadesProblem(config), run, _ => { }, "127.0.0.1", FreePort.Next(),
            localEvaluator: false, askTimeout: TimeSpan.FromSeconds(1), silenceLimit: TimeSpan.FromSeconds(4));
        await using var worker = WorkerNode.Start(seed.Address, simulatedCost: TimeSpan.FromHours(1));
        var outcome = await seed.Outcome.WaitAsync(TimeSpan.FromSeconds(90));

        var failed = Assert.IsType<RunOutcome.Failed>(outcome);
        Assert.StartsWith("generation 0: no evaluator has answered for ", failed.Reason);
        Assert.Contains("(the limit is 4 s, --silence-limit)", failed.Reason);
        var evaluator = worker.Evaluator.Path.ToStringWithAddress(Akka.Cluster.Cluster.Get(worker.System).SelfAddress);
        Assert.EndsWith($"silent: {evaluator}", failed.Reason);
        string log = "";
        for (int i = 0; i < 50 && !log.Contains("waiting: no evaluator has answered for"); i++)
        {
            await Task.Delay(100);
            log = File.Exists(Path.Combine(run.Path, "hades.log")) ? File.ReadAllText(Path.Combine(run.Path, "hades.log")) : "";
        }
        Assert.Matches(@"generation 0 waiting: no evaluator has answered for \d s \(1 silent; the generation fails at 4 s\): akka\.tcp://", log);
        Assert.False(File.Exists(run.MetricsFile) && File.ReadLines(run.MetricsFile).Skip(1).Any(), "a generation finished");
    }

    public void Dispose() => dir.Dispose();
}
