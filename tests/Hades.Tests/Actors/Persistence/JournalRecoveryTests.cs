using Akka.Actor;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;
using Hades.Actors.Population;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Host.Hosting;
using Hades.Tests.Support;

namespace Hades.Tests.Actors.Persistence;

/// <summary>A run journalled to SQLite is recovered by a new ActorSystem to exactly the same ES state.</summary>
public sealed class JournalRecoveryTests : IDisposable
{
    readonly TempDir dir = new();

    static async Task<PopulationStatus> RunToEnd(RunDirectory run, HadesConfig config)
    {
        var system = ActorSystem.Create("recovery-test", AkkaConfig.EmbeddedRun(run));
        try
        {
            var outcome = new TaskCompletionSource<RunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            RunListener.Subscribe(system, _ => { }, outcome);
            var problem = new HadesProblem(config);
            var evaluator = system.ActorOf(EvaluatorActor.Props());
            var population = system.ActorOf(PopulationActor.Props(problem, evaluator, run, PopulationSettings.Default, run.PersistenceId));
            Assert.IsType<RunOutcome.Finished>(await outcome.Task.WaitAsync(TimeSpan.FromSeconds(120)));
            return await population.Ask<PopulationStatus>(GetPopulationStatus.Instance, TimeSpan.FromSeconds(10));
        }
        finally { await system.Terminate(); }
    }

    [Theory]
    [InlineData(2)]   // snapshot every 2 generations: recovery = snapshot + events
    [InlineData(100)] // never a snapshot: recovery = events only
    public async Task Recovered_state_equals_the_state_before_the_restart(int snapshotEvery)
    {
        var config = TestConfigs.Tiny(generations: 3) with { SnapshotEvery = snapshotEvery };
        var run = new RunDirectory(dir.Sub($"run{snapshotEvery}"));
        run.CreateOrMatch(config);
        var first = await RunToEnd(run, config);
        var dataset = File.ReadAllBytes(run.DatasetFile);
        var metrics = File.ReadAllText(run.MetricsFile);
        File.Delete(run.DatasetFile); // recovery rewrites the outputs from the journal

        var second = await RunToEnd(run, config);
        Assert.Equal(3, first.Generation);
        Assert.Equal(3, second.Generation);
        Assert.Equal(first.Mean, second.Mean);
        Assert.Equal(dataset, File.ReadAllBytes(run.DatasetFile));
        Assert.Equal(metrics, File.ReadAllText(run.MetricsFile));
        Assert.Equal(4, File.ReadAllLines(run.MetricsFile).Length);

        // the journal holds what a pure replay needs: the same mean comes from the core alone
        var problem = new HadesProblem(config);
        var state = RunState.Initial(problem);
        for (int g = 0; g < 3; g++)
            state = state.Apply(problem.Strategy, g, problem.EvaluateCandidates(state.Es, Enumerable.Range(0, 16).ToArray()), 0, 0);
        Assert.Equal(state.Es.Mean, second.Mean);
    }

    public void Dispose() => dir.Dispose();
}
