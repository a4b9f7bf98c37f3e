using Akka.Actor;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;
using Hades.Host.Hosting;

namespace Hades.Host.Dashboard;

/// <summary>One cluster member as the dashboard shows it. Evaluator figures are null for members without an
/// evaluator or whose evaluator did not answer; throughput is candidates per second since the previous probe.</summary>
public sealed record ClusterMemberInfo(string Address, IReadOnlyList<string> Roles, string Status,
    int? BatchesEvaluated, int? CandidatesEvaluated, double? CandidatesPerSecond);

/// <summary>
/// Reads a seed's cluster: the members Akka.Cluster knows (address, roles, status) and, for every member with
/// role "evaluator", the counters of its <c>/user/evaluator</c> (<see cref="GetEvaluatorStats"/>).
/// </summary>
public sealed class ClusterProbe(ActorSystem system)
{
    static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);
    readonly object gate = new();
    readonly Dictionary<string, (DateTime At, int Candidates)> previous = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<ClusterMemberInfo>> ReadAsync()
    {
        var members = Akka.Cluster.Cluster.Get(system).State.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).ToArray();
        var stats = await Task.WhenAll(members.Select(async m =>
        {
            if (!m.HasRole(ClusterRoles.Evaluator)) return null;
            try
            {
                return await system.ActorSelection(new RootActorPath(m.Address) / "user" / EvaluatorActor.Name)
                    .Ask<EvaluatorStats>(GetEvaluatorStats.Instance, AskTimeout);
            }
            catch (Exception) { return null; } // not answering (yet, or any more): shown without figures
        }));
        var now = DateTime.UtcNow;
        var result = new List<ClusterMemberInfo>();
        lock (gate)
        {
            for (int i = 0; i < members.Length; i++)
            {
                string address = members[i].Address.ToString();
                double? rate = null;
                if (stats[i] is { } s)
                {
                    if (previous.TryGetValue(address, out var before) && now > before.At)
                        rate = Math.Max(0, s.CandidatesEvaluated - before.Candidates) / (now - before.At).TotalSeconds;
                    previous[address] = (now, s.CandidatesEvaluated);
                }
                result.Add(new ClusterMemberInfo(address, members[i].Roles.Order(StringComparer.Ordinal).ToArray(),
                    members[i].Status.ToString(), stats[i]?.BatchesEvaluated, stats[i]?.CandidatesEvaluated, rate));
            }
        }
        return result;
    }
}
