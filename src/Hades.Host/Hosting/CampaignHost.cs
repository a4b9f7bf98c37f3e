using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Hades.Actors.Campaigns;
using Hades.Actors.Evaluation;
using Hades.Actors.Persistence;
using Hades.Actors.Population;
using Hades.Core.Campaigns;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>
/// Runs a campaign: embedded (every role in this process), or as a cluster seed whose campaign actor is a
/// singleton and whose workers evaluate. Returns when the campaign finishes, fails, or is cancelled.
/// </summary>
public static class CampaignHost
{
    /// <param name="MinEvaluators">Experiments wait until this many evaluators have joined (benchmarks: every worker).</param>
    public sealed record ClusterOptions(string? Hostname, int? Port, bool LocalEvaluator, TimeSpan AskTimeout, Akka.Configuration.Config? User,
        int MinEvaluators = 1);

    /// <param name="steps">Every experiment of the plan (<see cref="CampaignStageJobs.Steps"/>).</param>
    /// <param name="parallel">Experiments running at once, sharing the evaluators.</param>
    public static async Task<CampaignOutcome> RunAsync(CampaignPlan plan, CampaignDirectory folder,
        IReadOnlyList<CampaignStep> steps, int parallel, JournalChoice journal, ClusterOptions? cluster, Console.ICampaignProgress progress,
        Action<string>? onSeedAddress, CancellationToken cancel)
    {
        if (journal.Kind == JournalChoice.Sqlite) JournalPreflight.Check(folder.JournalFile);
        using var jobs = new CampaignJobs();
        var config = cluster is null
            ? AkkaConfig.Embedded(folder.Store, journal)
            : AkkaConfig.ClusterNode("seed.conf", cluster.Hostname, cluster.Port,
                cluster.LocalEvaluator ? [ClusterRoles.Population, ClusterRoles.Evaluator] : [ClusterRoles.Population],
                null, folder.Store, journal, cluster.User);
        if (cluster is not null) RemotingPort.EnsureFree(config);
        var system = ActorSystem.Create(ClusterAddress.SystemName, config);
        try
        {
            var outcome = new TaskCompletionSource<CampaignOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            CampaignListener.Subscribe(system, progress, outcome);
            IActorRef evaluators;
            PopulationSettings settings;
            if (cluster is null)
            {
                evaluators = system.ActorOf(EvaluatorActor.Props(), EvaluatorActor.Name);
                settings = PopulationSettings.Default with { RetryJournalFailures = journal.RetriesFailures };
                system.ActorOf(CampaignActor.Props(plan.Name, steps, evaluators, settings, parallel, jobs), "campaign");
            }
            else
            {
                if (cluster.LocalEvaluator) system.ActorOf(EvaluatorActor.Props(), EvaluatorActor.Name);
                evaluators = EvaluatorRouter.Create(system);
                settings = new PopulationSettings(cluster.AskTimeout, EvaluatorsAreRouter: true, RetryJournalFailures: journal.RetriesFailures,
                    MinEvaluators: cluster.MinEvaluators);
                system.ActorOf(ClusterSingletonManager.Props(CampaignActor.Props(plan.Name, steps, evaluators, settings, parallel, jobs),
                    PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system).WithRole(ClusterRoles.Population)), "campaign");
                onSeedAddress?.Invoke(AkkaConfig.SelfAddress(config));
            }
            using var registration = cancel.Register(() => outcome.TrySetResult(new CampaignOutcome.Interrupted()));
            return await progress.Show(() => outcome.Task);
        }
        finally
        {
            await jobs.StopAsync(TimeSpan.FromSeconds(60));
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        }
    }
}
