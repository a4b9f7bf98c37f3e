using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Hades.Actors.Messages;

namespace Hades.Actors.Evaluation;

/// <summary>Sent by the pipeline to its owner after the last result, through the same sink, so it always
/// arrives after every result of that pipeline.</summary>
public sealed record WorkPipelineEnded(int Generation);

/// <summary>
/// Population → evaluators → population as an Akka.Streams pipeline. <c>SelectAsyncUnordered</c> over an Ask
/// keeps at most <c>maxInFlight</c> work items outstanding (backpressure: no evaluator mailbox grows beyond
/// it). An item that gets no answer (ask timeout, lost worker, evaluator error) becomes an
/// <see cref="EvaluationFailed"/> result instead of failing the stream, so the other items go on; the owner
/// re-issues what is missing after <see cref="WorkPipelineEnded"/>.
/// </summary>
public static class WorkPipeline
{
    public static void Run(IEnumerable<IEvaluationWork> work, IActorRef evaluators, IActorRef owner, int generation,
        int maxInFlight, TimeSpan askTimeout, IMaterializer materializer)
    {
        Source.From(work)
            .SelectAsyncUnordered(maxInFlight, item => AskOne(evaluators, item, askTimeout))
            .RunWith(Sink.ActorRef<IEvaluationResult>(owner,
                new WorkPipelineEnded(generation),
                ex => new WorkPipelineEnded(generation)), materializer);
    }

    static async Task<IEvaluationResult> AskOne(IActorRef evaluators, IEvaluationWork item, TimeSpan timeout)
    {
        try
        {
            return await evaluators.Ask<IEvaluationResult>(item, timeout);
        }
        catch (AskTimeoutException)
        {
            return new EvaluationFailed(item.Generation, $"no answer within {timeout.TotalSeconds:0.#} s", EvaluatorError: false);
        }
        catch (Exception e)
        {
            return new EvaluationFailed(item.Generation, e.GetBaseException().Message, EvaluatorError: true);
        }
    }
}
