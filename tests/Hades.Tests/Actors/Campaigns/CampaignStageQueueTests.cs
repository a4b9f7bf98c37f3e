using Akka.Actor;
using Akka.Configuration;
using Akka.Routing;
using Akka.TestKit.Xunit2;
using Hades.Actors;
using Hades.Actors.Campaigns;
using Hades.Actors.Messages;
using Hades.Actors.Population;

namespace Hades.Tests.Actors.Campaigns;

/// <summary>The campaign's stages go through the work-pulling queue: offered to the trainers, issued to one that asks,
/// re-issued to another when that trainer dies, finished when a trainer reports the stage; a stage whose trainers keep
/// dying fails the campaign after <see cref="CampaignActor.MaxStageIssues"/> issues.</summary>
public sealed class CampaignStageQueueTests() : TestKit(ConfigurationFactory.ParseString("""
    akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.local"
    akka.persistence.snapshot-store.local.dir = "/tmp/hades-campaign-queue-tests"
    """).WithFallback(ActorsReference.Config))
{
    static int next;

    (IActorRef Campaign, Akka.TestKit.TestProbe Trainers, Akka.TestKit.TestProbe Events) Start(params string[] stages)
    {
        string name = $"queue-{Interlocked.Increment(ref next)}-{Guid.NewGuid():N}";
        var steps = stages.Select((s, i) => new CampaignStep(s, [], "{}", "", null, new StageWork(name, i, s, $"/tmp/{s}", "{}"))).ToArray();
        var trainers = CreateTestProbe();
        var events = CreateTestProbe();
        foreach (var type in new[] { typeof(CampaignFinished), typeof(CampaignFailed), typeof(StageDone) }) Sys.EventStream.Subscribe(events.Ref, type);
        var campaign = Sys.ActorOf(CampaignActor.Props(name, steps, ActorRefs.Nobody, PopulationSettings.Default, 1, trainers.Ref));
        return (campaign, trainers, events);
    }

    [Fact]
    public void A_stage_whose_trainer_dies_is_reissued_to_another_and_the_campaign_finishes()
    {
        var (campaign, trainers, events) = Start("expert");
        Assert.IsType<WorkAvailable>(trainers.ExpectMsg<Broadcast>().Message);

        var doomed = CreateTestProbe();
        campaign.Tell(new RequestWork(1), doomed.Ref);
        var work = doomed.ExpectMsg<StageWork>();
        Assert.Equal("expert", work.Name);
        var survivor = CreateTestProbe();
        campaign.Tell(new RequestWork(1), survivor.Ref);
        survivor.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // never a second copy while the first trainer lives

        Sys.Stop(doomed.Ref);
        Assert.Equal(work, survivor.ExpectMsg<StageWork>(TimeSpan.FromSeconds(5)));
        campaign.Tell(new StageTrained(work.Campaign, work.Index, "akka.tcp://hades@10.0.0.2:1"), survivor.Ref);
        var done = events.ExpectMsg<StageDone>();
        Assert.Equal("akka.tcp://hades@10.0.0.2:1", done.Node);
        Assert.Equal(1, events.ExpectMsg<CampaignFinished>().Experiments);
    }

    [Fact]
    public void A_busy_trainer_hands_the_stage_back_and_a_stage_lost_too_often_fails_the_campaign()
    {
        var (campaign, _, events) = Start("student");
        var busy = CreateTestProbe();
        campaign.Tell(new RequestWork(1), busy.Ref);
        var work = busy.ExpectMsg<StageWork>();
        campaign.Tell(new StageFailed(work.Campaign, work.Index, "busy", "n", Retry: true), busy.Ref);
        for (int issue = 1; issue < CampaignActor.MaxStageIssues; issue++)
        {
            var trainer = CreateTestProbe();
            campaign.Tell(new RequestWork(1), trainer.Ref);
            trainer.ExpectMsg<StageWork>();
            Sys.Stop(trainer.Ref);
        }
        Assert.Contains($"lost {CampaignActor.MaxStageIssues} times", events.ExpectMsg<CampaignFailed>(TimeSpan.FromSeconds(5)).Reason);
    }
}
