using Akka.Actor;
using Hades.Actors.Messages;
using Hades.Actors.Telemetry;

namespace Hades.Actors.Evaluation;

/// <summary>
/// What every evaluator does with work, whatever computes it. Work pulling: a population broadcasts
/// <see cref="WorkAvailable"/>; the evaluator answers with <see cref="RequestWork"/> stating its in-flight bound
/// (<see cref="Capacity"/>), gets at most that many units, tells each result to the population directly and
/// asks again after every unit, so a fast evaluator gets more work than a slow one. A unit it cannot compute
/// is answered with <see cref="EvaluationFailed"/>. Work sent without an offer (an Ask from the embedded
/// run's pipeline) is answered to the asker only, a failure as <see cref="Status.Failure"/>.
/// </summary>
public abstract class PullingEvaluator : ReceiveActor
{
    /// <summary>Units an evaluator holds at once: one it computes and one waiting, so it never idles between units.</summary>
    public const int DefaultCapacity = 2;

    readonly HashSet<IActorRef> owners = [];
    int batches, candidates;

    protected int Capacity { get; }

    protected PullingEvaluator(int capacity)
    {
        Capacity = Math.Max(1, capacity);
        Receive<WorkAvailable>(_ =>
        {
            if (owners.Count > 256) owners.Clear(); // populations of finished runs; current ones ask again
            owners.Add(Sender);
            Sender.Tell(new RequestWork(Capacity));
        });
        Receive<GetEvaluatorStats>(_ => Sender.Tell(new EvaluatorStats(Self.Path.Address.ToString(), batches, candidates)));
    }

    /// <summary>Registers the handler of one kind of work.</summary>
    protected void Serve<T>(Func<T, IEvaluationResult> compute) where T : class, IEvaluationWork => Receive<T>(work =>
    {
        var owner = Sender;
        bool pulled = owners.Contains(owner);
        try
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = compute(work);
            owner.Tell(result);
            Record(work, result, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            if (work is EvaluateCandidates c) { batches++; candidates += c.Indices.Length; }
        }
        catch (Exception e)
        {
            owner.Tell(pulled
                ? new EvaluationFailed(work.Generation, e.GetBaseException().Message, EvaluatorError: true, IndicesOf(work))
                : new Status.Failure(e));
        }
        if (pulled) owner.Tell(new RequestWork(Capacity));
    });

    static void Record(IEvaluationWork work, IEvaluationResult result, double seconds)
    {
        if (result is CandidatesEvaluated c)
            HadesMetrics.UnitEvaluated(work.Run.RunId, "candidates", c.Indices.Length, c.EnvSteps?.Sum() ?? 0, seconds);
        else if (result is MeanEvaluated)
            HadesMetrics.UnitEvaluated(work.Run.RunId, "mean", 0, 0, seconds);
    }

    static int[] IndicesOf(IEvaluationWork work) => work is EvaluateCandidates c ? c.Indices : [];
}
