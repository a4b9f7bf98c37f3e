using Akka.Actor;
using Hades.Actors.Messages;
using Hades.Core.Distillation;
using Hades.Core.Strategies;
using Hades.Core.Training;

namespace Hades.Actors.Evaluation;

/// <summary>
/// Trains and scores batches of candidates in one batched inner loop (TorchSharp) and replies with fitness
/// values only. The work blocks its thread, so the actor runs on its own pinned dispatcher.
/// A failure is answered with <see cref="Status.Failure"/> so the asking stream sees it at once.
/// </summary>
public sealed class EvaluatorActor : ReceiveActor
{
    public const string DispatcherId = "hades.evaluator-dispatcher";

    public EvaluatorActor(HadesProblem problem)
    {
        Receive<EvaluateCandidates>(work => Reply(() =>
        {
            var state = new OpenAiEsState(work.Generation, FloatBytes.To(work.Mean), [], []);
            var timings = new PhaseTimings();
            var fitness = problem.EvaluateCandidates(state, work.Indices, timings);
            return new CandidatesEvaluated(work.Generation, work.Indices, fitness,
                timings.Training.TotalSeconds, timings.Rollout.TotalSeconds);
        }));
        Receive<EvaluateMean>(work => Reply(() =>
        {
            var state = new OpenAiEsState(work.Generation, FloatBytes.To(work.Mean), [], []);
            return new MeanEvaluated(work.Generation, problem.EvaluateGenerationMean(state));
        }));
    }

    void Reply(Func<IEvaluationResult> work)
    {
        try { Sender.Tell(work()); }
        catch (Exception e) { Sender.Tell(new Status.Failure(e)); }
    }

    public static Props Props(HadesProblem problem) =>
        Akka.Actor.Props.Create(() => new EvaluatorActor(problem)).WithDispatcher(DispatcherId);
}
