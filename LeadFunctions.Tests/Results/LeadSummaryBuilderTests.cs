namespace LeadFunctions.Tests.Results;

/// <summary>The summary's histogram and intents folded from tally buckets (<c>S{score:D3}_{intent}</c>, Queued, Failed).</summary>
public sealed class LeadSummaryBuilderTests
{
    private static readonly LeadFilter Offer = new("o1", null, null, null);

    private static readonly Dictionary<string, long> Tallies = new()
    {
        ["S000_Low"] = 1,
        ["S009_Low"] = 2,
        ["S010_Low"] = 3,
        ["S055_Medium"] = 4,
        ["S089_High"] = 5,
        ["S090_High"] = 6,
        ["S100_High"] = 7,
        ["Queued"] = 8,
        ["Failed"] = 9,
        ["NotATally"] = 1000,
    };

    [Fact]
    public void Ten_buckets_of_ten_points_with_100_in_the_last_and_every_scored_lead_counted_once()
    {
        var summary = LeadSummaryBuilder.Build(Offer, Tallies);

        Assert.Equal(Enumerable.Range(0, 10), summary.Histogram.Select(b => b.Bucket));
        Assert.Equal([3L, 3, 0, 0, 0, 4, 0, 0, 5, 13], summary.Histogram.Select(b => b.Count));
        Assert.Equal((90, 100), (summary.Histogram[9].MinScore, summary.Histogram[9].MaxScore));
        Assert.Equal((10, 19), (summary.Histogram[1].MinScore, summary.Histogram[1].MaxScore));
        Assert.Equal(28, summary.Scored);
        Assert.Equal(summary.Scored, summary.Histogram.Sum(b => b.Count));
        Assert.Equal((18L, 4L, 6L), (summary.ByIntent.High, summary.ByIntent.Medium, summary.ByIntent.Low));
        Assert.Equal((8L, 9L, 45L), (summary.Queued, summary.Failed, summary.Count));
    }

    [Fact]
    public void Intent_and_min_score_filters_narrow_the_scored_leads_and_leave_out_queued_and_failed()
    {
        var high = LeadSummaryBuilder.Build(Offer with { Intent = "High" }, Tallies);
        var fromFifty = LeadSummaryBuilder.Build(Offer with { MinScore = 50 }, Tallies);

        Assert.Equal((18L, 18L, 0L, 0L), (high.Count, high.ByIntent.High, high.Queued, high.Failed));
        Assert.Equal([0L, 0, 0, 0, 0, 0, 0, 0, 5, 13], high.Histogram.Select(b => b.Count));
        Assert.Equal(22, fromFifty.Scored);
        Assert.Equal(0, fromFifty.Histogram[0].Count);
    }

    [Fact]
    public void No_tallies_give_ten_empty_buckets()
    {
        var summary = LeadSummaryBuilder.Build(Offer, new Dictionary<string, long>());

        Assert.Equal(10, summary.Histogram.Count);
        Assert.All(summary.Histogram, b => Assert.Equal(0, b.Count));
        Assert.Equal(0, summary.Count);
    }
}
