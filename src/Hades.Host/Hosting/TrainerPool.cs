using Akka.Actor;
using Akka.Hosting;
using Akka.Streams;
using Akka.Streams.Dsl;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;

namespace Hades.Host.Hosting;

/// <summary>
/// A short-lived local node (<see cref="AkkaNode"/>) whose evaluator actor trains and scores dataset-evaluation jobs, streamed
/// through it one at a time (each job is one batched pass over its policies); results come back in order.
/// </summary>
public static class TrainerPool
{
    public static IReadOnlyList<float[]> Evaluate(IReadOnlyList<EvaluateDataset> jobs, CancellationToken cancel)
    {
        using var node = AkkaNode.Start(AkkaConfig.Local(), null,
            (system, registry) => registry.Register<ActorKeys.Evaluators>(system.ActorOf(EvaluatorActor.Props(), EvaluatorActor.Name)));
        var trainer = node.Registry.Get<ActorKeys.Evaluators>();
        var results = Source.From(jobs)
            .SelectAsync(1, job => trainer.Ask<DatasetEvaluated>(job, TimeSpan.FromHours(1), cancel))
            .Select(r => r.Returns)
            .RunWith(Sink.Seq<float[]>(), node.System.Materializer());
        return results.GetAwaiter().GetResult();
    }
}
