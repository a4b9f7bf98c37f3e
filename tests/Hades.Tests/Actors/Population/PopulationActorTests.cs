using Akka.Actor;
using Akka.TestKit.Xunit2;
using Hades.Actors.Messages;
using Hades.Actors.Population;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Host.Hosting;
using Hades.Tests.Support;

namespace Hades.Tests.Actors.Population;

/// <summary>The population against a scripted evaluator (a probe): stale and duplicate results are dropped,
/// and a generation is journalled with exactly the fitness the evaluator returned.</summary>
public sealed class PopulationActorTests : IDisposable
{
    readonly TempDir dir = new();

    static RunDirectory NewRun(TempDir dir, HadesConfig config)
    {
        var run = new RunDirectory(dir.Sub("run"));
        run.CreateOrMatch(config);
        return run;
    }

    sealed class Kit(RunDirectory run) : TestKit(AkkaConfig.EmbeddedRun(run));

    [Fact]
    public void Stale_and_duplicate_results_are_dropped_and_the_generation_uses_the_evaluated_fitness()
    {
        var config = TestConfigs.Tiny(generations: 1);
        var run = NewRun(dir, config);
        using var kit = new Kit(run);
        var problem = new HadesProblem(config);
        var evaluator = kit.CreateTestProbe();
        var finished = kit.CreateTestProbe();
        kit.Sys.EventStream.Subscribe(finished.Ref, typeof(RunFinished));
        var population = kit.Sys.ActorOf(PopulationActor.Props(problem, evaluator.Ref, run, PopulationSettings.Default, run.PersistenceId));

        bool injected = false;
        for (int served = 0; served < 5; served++) // 1 mean item + 16 candidates in batches of 4
        {
            var work = evaluator.ReceiveOne(TimeSpan.FromSeconds(10));
            var replyTo = evaluator.LastSender;
            if (!injected)
            {
                // a late result of another generation and a premature duplicate arrive while work is in flight
                population.Tell(new CandidatesEvaluated(7, [0], [123f], 0, 0));
                population.Tell(new MeanEvaluated(3, 1f));
                injected = true;
            }
            switch (work)
            {
                case EvaluateMean m:
                    replyTo.Tell(new MeanEvaluated(m.Generation, 42f));
                    break;
                case EvaluateCandidates c:
                    replyTo.Tell(new CandidatesEvaluated(c.Generation, c.Indices, c.Indices.Select(i => (float)i).ToArray(), 0, 0));
                    // a duplicate of candidate 0 (same value, so either copy may win the race; the other is dropped)
                    if (c.Indices.Contains(0)) population.Tell(new CandidatesEvaluated(0, [0], [0f], 0, 0));
                    break;
                default:
                    throw new Xunit.Sdk.XunitException($"unexpected work {work}");
            }
        }
        finished.ExpectMsg<RunFinished>(TimeSpan.FromSeconds(10));
        var status = population.Ask<PopulationStatus>(GetPopulationStatus.Instance, TimeSpan.FromSeconds(5)).Result;
        Assert.True(status.Generation == 1, $"status {status.Generation} stale {status.StaleDropped} dup {status.DuplicatesDropped}");
        Assert.True(status.DuplicatesDropped == 1, $"status {status.Generation} stale {status.StaleDropped} dup {status.DuplicatesDropped}");
        Assert.True(status.Finished);
        Assert.Equal(2, status.StaleDropped);
        Assert.Equal(1, status.DuplicatesDropped);
        // mean of 0..15 = 7.5, max 15, eval 42: the stale 123 was not used
        var row = File.ReadAllLines(run.MetricsFile)[1].Split(',');
        Assert.Equal(["0", "7.5", "15", "42"], row[..4]);
        var expected = problem.Strategy.Tell(problem.InitialState(), Enumerable.Range(0, 16).Select(i => (float)i).ToArray());
        Assert.Equal(expected.Mean, status.Mean);
    }

    public void Dispose() => dir.Dispose();
}
