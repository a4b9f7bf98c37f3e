using Akka.Actor;
using Hades.Actors.Messages;

namespace Hades.Actors.Evaluation;

/// <summary>
/// Several evaluator actors behind one name (<c>/user/evaluator</c> on a worker with <c>--evaluators N</c>): a
/// work offer goes to every child, so each pulls with its own in-flight bound and results go straight from
/// the child to the population; asked work goes round-robin; statistics are the children's sums.
/// </summary>
public sealed class EvaluatorPool : ReceiveActor
{
    readonly IActorRef[] children;
    int next;

    public EvaluatorPool(Props child, int count)
    {
        children = Enumerable.Range(0, Math.Max(1, count)).Select(i => Context.ActorOf(child, $"e{i}")).ToArray();
        Receive<WorkAvailable>(offer => { foreach (var c in children) c.Forward(offer); });
        Receive<GetEvaluatorStats>(_ =>
        {
            var replyTo = Sender;
            var address = Self.Path.Address.ToString();
            Task.WhenAll(children.Select(c => c.Ask<EvaluatorStats>(GetEvaluatorStats.Instance, TimeSpan.FromSeconds(10))))
                .PipeTo(replyTo, success: all => new EvaluatorStats(address, all.Sum(s => s.BatchesEvaluated), all.Sum(s => s.CandidatesEvaluated)));
        });
        ReceiveAny(message => children[next++ % children.Length].Forward(message));
    }

    public static Props Props(Props child, int count) => Akka.Actor.Props.Create(() => new EvaluatorPool(child, count));
}
