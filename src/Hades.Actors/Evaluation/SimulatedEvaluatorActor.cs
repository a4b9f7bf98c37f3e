using Akka.Actor;
using Hades.Actors.Messages;

namespace Hades.Actors.Evaluation;

/// <summary>
/// For coordination benchmarks: answers every work item after a fixed sleep, with fitness 0, so the cost of
/// an evaluation is known exactly and the cores are not the limit. Like a real evaluator it does one item
/// at a time on its own thread.
/// </summary>
public sealed class SimulatedEvaluatorActor : ReceiveActor
{
    int batches, candidates;

    public SimulatedEvaluatorActor(TimeSpan costPerItem)
    {
        Receive<EvaluateCandidates>(work =>
        {
            Thread.Sleep(costPerItem);
            batches++; candidates += work.Indices.Length;
            Sender.Tell(new CandidatesEvaluated(work.Generation, work.Indices, new float[work.Indices.Length], 0, 0));
        });
        Receive<EvaluateMean>(work =>
        {
            Thread.Sleep(costPerItem);
            Sender.Tell(new MeanEvaluated(work.Generation, 0f));
        });
        Receive<GetEvaluatorStats>(_ => Sender.Tell(new EvaluatorStats(Self.Path.Address.ToString(), batches, candidates)));
    }

    public static Props Props(TimeSpan costPerItem) =>
        Akka.Actor.Props.Create(() => new SimulatedEvaluatorActor(costPerItem)).WithDispatcher(EvaluatorActor.DispatcherId);
}
