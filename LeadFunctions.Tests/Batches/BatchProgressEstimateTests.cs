namespace LeadFunctions.Tests.Batches;

/// <summary>percent, rate_per_s and eta_seconds of a batch (Batches/BatchProgressEstimate.cs, documented in Docs/BatchSchemas.cs).</summary>
public sealed class BatchProgressEstimateTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 2, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_scoring_batch_reports_the_settled_share_the_rate_since_creation_and_the_time_left_at_that_rate()
    {
        var estimate = BatchProgressEstimate.For(BatchStatus.Scoring, accepted: 400, settled: 100, Created, completedAt: null, Created.AddSeconds(50));

        Assert.Equal(25, estimate.Percent);
        Assert.Equal(2.0, estimate.RatePerSecond);
        Assert.Equal(150, estimate.EtaSeconds);
    }

    [Fact]
    public void Percent_rounds_down_and_stays_below_100_until_the_batch_has_ended()
    {
        var almost = BatchProgressEstimate.For(BatchStatus.Scoring, accepted: 1000, settled: 999, Created, null, Created.AddSeconds(10));
        var third = BatchProgressEstimate.For(BatchStatus.Scoring, accepted: 3, settled: 2, Created, null, Created.AddSeconds(3));

        Assert.Equal(99, almost.Percent);
        Assert.Equal(1, almost.EtaSeconds);
        Assert.Equal(66, third.Percent);
        Assert.Equal(0.67, third.RatePerSecond);
        Assert.Equal(2, third.EtaSeconds); // 1 lead at 2/3 per second: 1.5 s, rounded up
    }

    [Fact]
    public void Before_the_first_lead_is_settled_rate_and_eta_are_unknown()
    {
        var estimate = BatchProgressEstimate.For(BatchStatus.Scoring, accepted: 50, settled: 0, Created, null, Created.AddSeconds(30));

        Assert.Equal(0, estimate.Percent);
        Assert.Null(estimate.RatePerSecond);
        Assert.Null(estimate.EtaSeconds);
    }

    [Fact]
    public void While_ingesting_the_total_is_unknown_so_there_is_a_rate_but_no_eta_and_percent_stays_below_100()
    {
        var estimate = BatchProgressEstimate.For(BatchStatus.Ingesting, accepted: 10, settled: 10, Created, null, Created.AddSeconds(5));

        Assert.Equal(99, estimate.Percent);
        Assert.Equal(2.0, estimate.RatePerSecond);
        Assert.Null(estimate.EtaSeconds);
    }

    [Fact]
    public void While_a_file_is_ingested_in_segments_the_rows_so_far_are_scaled_by_the_share_of_segments_done()
    {
        // One segment of three ingested and every lead of it scored: a third of the file, not all of it.
        var third = BatchProgressEstimate.For(BatchStatus.Ingesting, accepted: 1000, settled: 1000, Created, null, Created.AddSeconds(20), ingestedShare: 1.0 / 3);
        var unknown = BatchProgressEstimate.For(BatchStatus.Ingesting, accepted: 1000, settled: 500, Created, null, Created.AddSeconds(20), ingestedShare: null);
        var scoring = BatchProgressEstimate.For(BatchStatus.Scoring, accepted: 1000, settled: 500, Created, null, Created.AddSeconds(20), ingestedShare: 0.5);

        Assert.Equal(33, third.Percent);
        Assert.Null(third.EtaSeconds);
        Assert.Equal(50, unknown.Percent);
        Assert.Equal(50, scoring.Percent);
    }

    [Fact]
    public void A_completed_batch_is_100_with_its_whole_run_rate_and_nothing_left()
    {
        var estimate = BatchProgressEstimate.For(BatchStatus.Completed, accepted: 300, settled: 300, Created, Created.AddSeconds(60), Created.AddHours(5));

        Assert.Equal(100, estimate.Percent);
        Assert.Equal(5.0, estimate.RatePerSecond); // measured to completed_at, not to now
        Assert.Equal(0, estimate.EtaSeconds);
    }

    [Fact]
    public void A_completed_empty_batch_is_100_with_no_rate()
    {
        var estimate = BatchProgressEstimate.For(BatchStatus.Completed, accepted: 0, settled: 0, Created, Created, Created.AddSeconds(1));

        Assert.Equal(100, estimate.Percent);
        Assert.Null(estimate.RatePerSecond);
        Assert.Equal(0, estimate.EtaSeconds);
    }

    [Fact]
    public void A_failed_batch_has_ended_so_it_is_100_with_nothing_left_and_no_rate()
    {
        var estimate = BatchProgressEstimate.For(BatchStatus.Failed, accepted: 0, settled: 0, Created, Created.AddSeconds(2), Created.AddSeconds(10));

        Assert.Equal(100, estimate.Percent);
        Assert.Null(estimate.RatePerSecond);
        Assert.Equal(0, estimate.EtaSeconds);
    }

    [Fact]
    public void A_clock_behind_created_at_gives_no_rate_instead_of_a_negative_one()
    {
        var estimate = BatchProgressEstimate.For(BatchStatus.Scoring, accepted: 10, settled: 5, Created, null, Created.AddSeconds(-3));

        Assert.Equal(50, estimate.Percent);
        Assert.Null(estimate.RatePerSecond);
        Assert.Null(estimate.EtaSeconds);
    }
}
