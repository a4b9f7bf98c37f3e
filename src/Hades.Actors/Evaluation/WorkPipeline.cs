using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Hades.Actors.Messages;

namespace Hades.Actors.Evaluation;

/// <summary>Sent by the pipeline to its owner after the last result (or on failure), through the same sink,
/// so it always arrives after every result of that pipeline.</summary>
public sealed record WorkPipelineEnded(int Generation, Exception? Failure);

/// <summary>
/// Population → evaluators → population as an Akka.Streams pipeline. <c>SelectAsyncUnordered</c> over an Ask
/// keeps at most <c>maxInFlight</c> work items outstanding (backpressure: no evaluator mailbox grows beyond it);
/// results flow back to the owner as messages, followed by <see cref="WorkPipelineEnded"/>.
/// </summary>
public static class WorkPipeline
{
    public static void Run(IEnumerable<IEvaluationWork> work, IActorRef evaluators, IActorRef owner, int generation,
        int maxInFlight, TimeSpan askTimeout, IMaterializer materializer)
    {
        Source.From(work)
            .SelectAsyncUnordered(maxInFlight, item => evaluators.Ask<IEvaluationResult>(item, askTimeout))
            .RunWith(Sink.ActorRef<IEvaluationResult>(owner,
                new WorkPipelineEnded(generation, null),
                ex => new WorkPipelineEnded(generation, ex)), materializer);
    }
}
