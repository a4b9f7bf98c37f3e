using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;

namespace Hades.Host.Hosting;

/// <summary>
/// A short-lived local ActorSystem whose evaluator actor trains and scores dataset-evaluation jobs, streamed
/// through it one at a time (each job is one batched pass over its policies); results come back in order.
/// </summary>
public static class TrainerPool
{
    public static IReadOnlyList<float[]> Evaluate(IReadOnlyList<EvaluateDataset> jobs, CancellationToken cancel)
    {
        using var system = ActorSystem.Create(ClusterAddress.SystemName, AkkaConfig.Local());
        try
        {
            var trainer = system.ActorOf(EvaluatorActor.Props(), EvaluatorActor.Name);
            var materializer = system.Materializer();
            var results = Source.From(jobs)
                .SelectAsync(1, job => trainer.Ask<DatasetEvaluated>(job, TimeSpan.FromHours(1), cancel))
                .Select(r => r.Returns)
                .RunWith(Sink.Seq<float[]>(), materializer);
            return results.GetAwaiter().GetResult();
        }
        finally
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(30));
        }
    }
}
