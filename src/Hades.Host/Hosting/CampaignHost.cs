using Akka.Actor;
using Akka.Hosting;
using Akka.Cluster.Tools.Singleton;
using Hades.Actors.Campaigns;
using Hades.Actors.Evaluation;
using Hades.Actors.Messages;
using Hades.Actors.Training;
using Hades.Actors.Persistence;
using Hades.Actors.Population;
using Hades.Core.Campaigns;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>
/// Runs a campaign: embedded (every role in this process, the stages on a local trainer), or as a cluster seed whose
/// campaign actor is a singleton and whose workers evaluate and train (roles evaluator, trainer; with
/// --local-evaluator the seed holds both too). Returns when the campaign finishes, fails, or is cancelled.
/// </summary>
public static class CampaignHost
{
    /// <param name="MinEvaluators">Experiments wait until this many evaluators have joined (benchmarks: every worker).</param>
    /// <param name="SilenceLimit">--silence-limit (<see cref="PopulationSettings.SilenceLimit"/>); null: the default.</param>
    public sealed record ClusterOptions(string? Hostname, int? Port, bool LocalEvaluator, TimeSpan AskTimeout, Akka.Configuration.Config? User,
        int MinEvaluators = 1, TimeSpan? SilenceLimit = null);

    /// <param name="steps">Every experiment of the plan (<see cref="CampaignStageJobs.Steps"/>).</param>
    /// <param name="parallel">Experiments running at once, sharing the evaluators.</param>
    public static async Task<CampaignOutcome> RunAsync(CampaignPlan plan, CampaignDirectory folder,
        IReadOnlyList<CampaignStep> steps, int parallel, JournalChoice journal, ClusterOptions? cluster, Console.ICampaignProgress progress,
        Action<string>? onSeedAddress, Func<StageWork, CancellationToken, Task> runStage, CancellationToken cancel)
    {
        if (journal.Kind == JournalChoice.Sqlite) JournalPreflight.Check(folder.JournalFile);
        string[] roles = cluster is { LocalEvaluator: true }
            ? [ClusterRoles.Population, ClusterRoles.Evaluator, ClusterRoles.Trainer]
            : [ClusterRoles.Population];
        var config = cluster is null
            ? AkkaConfig.Embedded(folder.Store, journal)
            : AkkaConfig.ClusterNode("seed.conf", cluster.Hostname, cluster.Port, roles, null, folder.Store, journal, cluster.User);
        if (cluster is not null) RemotingPort.EnsureFree(config);
        var outcome = new TaskCompletionSource<CampaignOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var membership = cluster is null ? null : new AkkaNode.Membership(roles, [AkkaConfig.SelfAddress(config)]);
        var node = AkkaNode.Start(config, membership, (system, registry) =>
        {
            CampaignListener.Subscribe(system, progress, outcome, folder);
            IActorRef evaluators;
            PopulationSettings settings;
            if (cluster is null)
            {
                evaluators = system.ActorOf(EvaluatorActor.Props(), EvaluatorActor.Name);
                var trainer = system.ActorOf(TrainerActor.Props(runStage), TrainerActor.Name);
                settings = PopulationSettings.Default with { RetryJournalFailures = journal.RetriesFailures };
                registry.Register<ActorKeys.Evaluators>(evaluators);
                registry.Register<ActorKeys.Trainers>(trainer);
                registry.Register<ActorKeys.Campaign>(system.ActorOf(CampaignActor.Props(plan.Name, steps, evaluators, settings, parallel, trainer), "campaign"));
            }
            else
            {
                if (cluster.LocalEvaluator)
                {
                    system.ActorOf(EvaluatorActor.Props(), EvaluatorActor.Name);
                    system.ActorOf(TrainerActor.Props(runStage), TrainerActor.Name);
                }
                evaluators = EvaluatorRouter.Create(system);
                var trainers = EvaluatorRouter.Trainers(system);
                settings = new PopulationSettings(cluster.AskTimeout, EvaluatorsAreRouter: true, RetryJournalFailures: journal.RetriesFailures,
                    MinEvaluators: cluster.MinEvaluators, SilenceLimit: cluster.SilenceLimit);
                registry.Register<ActorKeys.Evaluators>(evaluators);
                registry.Register<ActorKeys.Trainers>(trainers);
                registry.Register<ActorKeys.Campaign>(system.ActorOf(ClusterSingletonManager.Props(
                    CampaignActor.Props(plan.Name, steps, evaluators, settings, parallel, trainers),
                    PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system).WithRole(ClusterRoles.Population)), "campaign"));
            }
        });
        try
        {
            if (cluster is not null) onSeedAddress?.Invoke(AkkaConfig.SelfAddress(config));
            using var registration = cancel.Register(() => outcome.TrySetResult(new CampaignOutcome.Interrupted()));
            return await progress.Show(() => outcome.Task);
        }
        finally
        {
            await node.DisposeAsync(); // stops the trainers, which cancel and await their jobs
        }
    }
}
