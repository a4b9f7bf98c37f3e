using Hades.Host.Telemetry;

namespace Hades.Tests.Host.Telemetry;

/// <summary>The one reader of Prometheus scrapes (campaign bench load, worker-kill cost test).</summary>
public sealed class PrometheusScrapeTests
{
    const string Scrape = """
        # HELP hades_work_units_reissued Work units queued again
        # TYPE hades_work_units_reissued_total counter
        hades_work_units_reissued_total{otel_scope_name="Hades",run="population-a"} 3 1733500000000
        hades_work_units_reissued_total{otel_scope_name="Hades",run="population-b"} 4
        hades_work_units_reissued_total_extra{run="population-a"} 100
        hades_evaluator_unit_duration_seconds_sum{run="population-a",kind="candidates"} 1.5 1733500000000
        hades_evaluator_unit_duration_seconds_sum{run="population-a",kind="mean"} 0.25
        hades_evaluator_unit_duration_seconds_sum{run="population-b",kind="candidates"} 2e0
        process_up 1
        """;

    [Fact]
    public void Sums_the_value_column_of_a_metrics_samples_whatever_their_labels_and_timestamps()
    {
        Assert.Equal(7, PrometheusScrape.Sum(Scrape, "hades_work_units_reissued_total")); // not the _extra metric, not the timestamp
        Assert.Equal(3.75, PrometheusScrape.Sum(Scrape, "hades_evaluator_unit_duration_seconds_sum"), 9);
        Assert.Equal(1, PrometheusScrape.Sum(Scrape, "process_up"));                         // a sample without labels
    }

    [Fact]
    public void Only_samples_holding_every_given_label_count_and_an_absent_metric_sums_to_zero()
    {
        Assert.Equal(3.5, PrometheusScrape.Sum(Scrape, "hades_evaluator_unit_duration_seconds_sum", "kind=\"candidates\""), 9);
        Assert.Equal(1.5, PrometheusScrape.Sum(Scrape, "hades_evaluator_unit_duration_seconds_sum", "kind=\"candidates\"", "run=\"population-a\""), 9);
        Assert.Equal(0, PrometheusScrape.Sum(Scrape, "hades_work_units_speculative_total"));
        Assert.Equal(0, PrometheusScrape.Sum("", "process_up"));
    }
}
