using Akka.Actor;
using Hades.Actors.Messages;

namespace Hades.Actors.Evaluation;

/// <summary>
/// For coordination benchmarks: answers every work item after a fixed sleep, with fitness 0, so the cost of
/// an evaluation is known exactly and the cores are not the limit. Like a real evaluator it does one item
/// at a time on its own thread and pulls its work the same way.
/// </summary>
public sealed class SimulatedEvaluatorActor : PullingEvaluator
{
    public SimulatedEvaluatorActor(TimeSpan costPerItem, int capacity) : base(capacity)
    {
        Serve<EvaluateCandidates>(work =>
        {
            Thread.Sleep(costPerItem);
            return new CandidatesEvaluated(work.Generation, work.Indices, new float[work.Indices.Length], 0, 0);
        });
        Serve<EvaluateMean>(work =>
        {
            Thread.Sleep(costPerItem);
            return new MeanEvaluated(work.Generation, 0f);
        });
    }

    public static Props Props(TimeSpan costPerItem, int capacity = DefaultCapacity) =>
        Akka.Actor.Props.Create(() => new SimulatedEvaluatorActor(costPerItem, capacity)).WithDispatcher(EvaluatorActor.DispatcherId);
}
