using System.Text;
using Azure;
namespace LeadFunctions.Tests.Scoring;

/// <summary>The scoring message's body: the lead's copy when it fits and reads back exactly, old bodies still read.</summary>
public sealed class ScoringQueueMessageTests
{
    private static readonly LeadFields Fields = new("Ava Patel", "CEO", "FlowMetrics", "B2B SaaS", "Mumbai", "Scaling revenue");

    [Fact]
    public void A_copy_round_trips_into_the_lead_it_was_taken_from()
    {
        var written = Written(Fields);

        var parsed = ScoringQueue.Parse(ScoringQueue.Serialize(ScoringQueue.MessageFor("b1", written)))!;
        var assumed = ScoringQueue.Assumed(parsed)!;

        Assert.Equal((Fields, written.Lead!.ETag, written.Lead.CreatedAt), (assumed.Lead!.GetFields(), assumed.Lead.ETag, assumed.Lead.CreatedAt));
        Assert.Equal((MarkerStates.Queued, written.MarkerETag), (assumed.MarkerState, assumed.MarkerETag));
        Assert.Equal(written.Lead.GetClassification(), assumed.Lead.GetClassification());
        Assert.Equal(LeadKeys.Index(written.Lead), assumed.Lead.IndexKey);
        Assert.Equal(written.Lead.IngestLine, assumed.Lead.IngestLine);
    }

    [Fact]
    public void A_lead_scored_from_its_copy_keeps_the_file_line_that_owns_it()
    {
        // Written back as scored, a lead without its line would let a later repeat of it in another segment take it over.
        var assumed = ScoringQueue.Assumed(ScoringQueue.Parse(ScoringQueue.Serialize(ScoringQueue.MessageFor("b1", Written(Fields))))!)!;
        var score = new LeadScore(90, LeadIntent.High, "fits", new ScoreBreakdown(40, 50, "High", ScoringMethods.Hybrid, []));

        var outcome = LeadTransition.Scored(assumed.Lead!, "b1", score, DateTimeOffset.UnixEpoch).Apply(assumed.Lead, assumed.MarkerState);
        var repeat = LeadTransition.Ingested("l1", "b1", Fields with { Role = "Analyst" }, 9, DateTimeOffset.UnixEpoch)
            .Apply(Assert.IsType<LeadOutcome.Write>(outcome).After, MarkerStates.Scored("High"));

        Assert.Equal(3, Assert.IsType<LeadOutcome.Write>(outcome).After.IngestLine);
        Assert.Same(LeadOutcome.Kept, repeat);
    }

    [Fact]
    public void A_body_without_a_copy_is_read_as_before()
    {
        var parsed = ScoringQueue.Parse("""{"offer_id":"o1","lead_id":"l1","batch_id":"b1"}""");

        Assert.Equal(new ScoreLeadMessage("o1", "l1", "b1"), parsed);
        Assert.Null(ScoringQueue.Assumed(parsed!));
    }

    [Fact]
    public void A_copy_missing_a_part_is_dropped_not_trusted()
    {
        var parsed = ScoringQueue.Parse("""{"offer_id":"o1","lead_id":"l1","batch_id":"b1","lead":{"fields":{"name":"A"},"etag":"x","marker_etag":"y"}}""");

        Assert.NotNull(parsed);
        Assert.Null(parsed.Lead);
    }

    [Fact]
    public void A_lead_too_big_for_a_queue_message_is_sent_without_its_copy()
    {
        var big = new string('€', 4_000);

        var body = ScoringQueue.Serialize(ScoringQueue.MessageFor("b1", Written(new LeadFields(big, "CEO", big, big, big, big))));

        Assert.True(Encoding.UTF8.GetByteCount(body) <= ScoringQueue.MaxMessageBytes);
        Assert.Null(ScoringQueue.Parse(body)!.Lead);
    }

    [Fact]
    public void A_copy_that_would_not_read_back_exactly_is_not_sent()
    {
        // A lone surrogate does not survive JSON: a copy that differs from the lead must never be written back.
        var body = ScoringQueue.Serialize(ScoringQueue.MessageFor("b1", Written(Fields with { Name = "Ava \ud800 Patel" })));

        Assert.Null(ScoringQueue.Parse(body)!.Lead);
    }

    [Fact]
    public void A_lead_whose_etags_are_unknown_is_sent_without_its_copy()
    {
        var written = Written(Fields) with { MarkerETag = default };

        Assert.Null(ScoringQueue.MessageFor("b1", written).Lead);
    }

    private static LeadWritten Written(LeadFields fields)
    {
        var lead = new LeadEntity { Id = "l1", OfferId = "o1", BatchId = "b1", CreatedAt = new DateTimeOffset(2026, 12, 2, 5, 0, 0, 123, TimeSpan.Zero), IngestLine = 3, ETag = new ETag("W/\"datetime'2026-12-02T05%3A00%3A00.1234567Z'\"") };
        lead.SetFields(fields);
        lead.SetClassification(new KeyedClassification("ab12", new IntentClassification(LeadIntent.Medium, "maybe")));
        return new LeadWritten(lead, new LeadOutcome.Write(lead, MarkerStates.Queued), MarkerStates.Queued, new ETag("W/\"m1\""));
    }
}
