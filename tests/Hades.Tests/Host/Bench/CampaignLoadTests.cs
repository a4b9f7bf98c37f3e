using Hades.Actors.Telemetry;
using Hades.Host.Bench;

namespace Hades.Tests.Host.Bench;

/// <summary>The campaign row's load figures: a worker's busy seconds from its Prometheus scrape, and the campaign
/// process's journal, output and generation times from the "Hades" meter.</summary>
public sealed class CampaignLoadTests
{
    [Fact]
    public void Busy_seconds_are_the_sum_of_every_unit_duration_sum_series_with_or_without_a_timestamp()
    {
        const string scrape = """
            # TYPE hades_evaluator_unit_duration_seconds histogram
            hades_evaluator_unit_duration_seconds_bucket{otel_scope_name="Hades",run="population-a",kind="candidates",le="1"} 3 1733500000000
            hades_evaluator_unit_duration_seconds_sum{otel_scope_name="Hades",run="population-a",kind="candidates"} 1.5 1733500000000
            hades_evaluator_unit_duration_seconds_count{otel_scope_name="Hades",run="population-a",kind="candidates"} 3 1733500000000
            hades_evaluator_unit_duration_seconds_sum{otel_scope_name="Hades",run="population-a",kind="mean"} 0.5
            hades_evaluator_unit_duration_seconds_sum{otel_scope_name="Hades",run="population-b",kind="candidates"} 2.25 1733500000000
            hades_journal_write_duration_seconds_sum{otel_scope_name="Hades",run="population-a"} 9 1733500000000
            """;
        Assert.Equal(4.25, CampaignLoad.BusySecondsIn(scrape), 9);
        Assert.Equal(0, CampaignLoad.BusySecondsIn("# nothing recorded yet\n"));
    }

    [Fact]
    public void The_campaign_process_totals_are_what_the_meter_recorded_after_the_listener_started()
    {
        string run = "population-load-" + Guid.NewGuid().ToString("N")[..8];
        using var load = new CampaignLoad();
        HadesMetrics.JournalWrite(run, 0.25);
        HadesMetrics.JournalWrite(run, 0.5);
        HadesMetrics.OutputsWritten(run, 0.125);
        var (journal, writes) = load.Total("hades.journal.write.duration");
        Assert.True(writes >= 2 && journal >= 0.75, $"{writes} writes, {journal} s"); // other tests may record at the same time
        Assert.Contains("journal", load.Describe());
    }
}
