using Azure;
namespace LeadFunctions.Tests.Leads;

/// <summary>The named lead transitions, applied to stored states without storage: what each makes of a lead and its batch's count.</summary>
public sealed class LeadTransitionTests
{
    private const string Batch = "b1";
    private const string OtherBatch = "b2";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 5, 0, 0, TimeSpan.Zero);
    private static readonly LeadFields Fields = new("Ava Patel", "CEO", "FlowMetrics", "B2B SaaS", "Mumbai", "bio");
    private static readonly KeyedClassification Kept = new("ab12", new IntentClassification(LeadIntent.High, "fits"));
    private static readonly LeadScore Score = new(90, LeadIntent.High, "[Rule: …] [AI: fits]", new ScoreBreakdown(40, 50, "High", "hybrid", []), Kept);

    [Fact]
    public void Ingested_adds_a_new_lead_queued_and_counted_by_its_batch()
    {
        var write = Assert.IsType<LeadOutcome.Write>(LeadTransition.Ingested("l1", Batch, Fields, 2, Now).Apply(null, null));

        Assert.Equal((LeadStatus.Queued, Batch, Now, Fields), (write.After.Status, write.After.BatchId, write.After.CreatedAt, write.After.GetFields()));
        Assert.Equal(MarkerStates.Queued, write.MarkerState);
    }

    [Fact]
    public void Ingested_again_by_the_same_batch_keeps_what_scoring_did()
    {
        var scored = Stored(LeadStatus.Scored);

        Assert.IsType<LeadOutcome.Keep>(LeadTransition.Ingested("l1", Batch, Fields, 2, Now).Apply(scored, MarkerStates.Scored("High")));
    }

    [Fact]
    public void Re_uploaded_by_another_batch_is_queued_again_and_keeps_its_classification_and_creation_time()
    {
        var scored = Stored(LeadStatus.Scored);

        var write = Assert.IsType<LeadOutcome.Write>(LeadTransition.Ingested("l1", OtherBatch, Fields, 2, Now).Apply(scored, null));

        Assert.Equal((LeadStatus.Queued, OtherBatch, (int?)null, scored.CreatedAt), (write.After.Status, write.After.BatchId, write.After.Score, write.After.CreatedAt));
        Assert.Equal(Kept, write.After.GetClassification());
        Assert.Equal(MarkerStates.Queued, write.MarkerState);
    }

    [Fact]
    public void Ingested_from_another_line_of_the_same_batch_leaves_the_lead_to_its_earliest_line()
    {
        var scored = Stored(LeadStatus.Scored);
        scored.IngestLine = 10;

        // A repeat on a later line is a duplicate, whatever its content.
        Assert.IsType<LeadOutcome.Keep>(LeadTransition.Ingested("l1", Batch, Fields with { Role = "CTO" }, 11, Now).Apply(scored, MarkerStates.Scored("High")));

        // The same content from an earlier line (its segment ran later) only takes ownership: scoring's work stays.
        var reowned = Assert.IsType<LeadOutcome.Reowned>(LeadTransition.Ingested("l1", Batch, Fields, 4, Now).Apply(scored, MarkerStates.Scored("High")));
        Assert.Equal((4L, LeadStatus.Scored, 90), (reowned.After.IngestLine, reowned.After.Status, reowned.After.Score));

        // Other content from an earlier line is the lead: its fields, queued again.
        var write = Assert.IsType<LeadOutcome.Write>(LeadTransition.Ingested("l1", Batch, Fields with { Role = "CTO" }, 4, Now).Apply(scored, MarkerStates.Scored("High")));
        Assert.Equal((4L, "CTO", LeadStatus.Queued, MarkerStates.Queued), (write.After.IngestLine, write.After.Role, write.After.Status, write.MarkerState));
    }

    [Fact]
    public void Scored_applies_the_score_to_the_lead_it_was_computed_from_and_keeps_the_classification()
    {
        var queued = Stored(LeadStatus.Queued);

        var write = Assert.IsType<LeadOutcome.Write>(LeadTransition.Scored(queued, Batch, Score, Now).Apply(queued, MarkerStates.Queued));

        Assert.Equal((LeadStatus.Scored, (int?)90, "High", (DateTimeOffset?)Now), (write.After.Status, write.After.Score, write.After.Intent, write.After.ScoredAt));
        Assert.Equal(Kept, write.After.GetClassification());
        Assert.Equal(MarkerStates.Scored("High"), write.MarkerState);
    }

    [Fact]
    public void Scored_from_a_lead_changed_since_is_stale()
    {
        var read = Stored(LeadStatus.Queued);
        var edited = read.Clone();
        edited.ETag = new ETag("W/\"2\"");

        Assert.IsType<LeadOutcome.Stale>(LeadTransition.Scored(read, Batch, Score, Now).Apply(edited, MarkerStates.Queued));
    }

    [Fact]
    public void Scored_when_already_scored_only_settles_the_batch_count()
    {
        var queued = Stored(LeadStatus.Queued);
        var scored = Stored(LeadStatus.Scored);

        Assert.Equal(new LeadOutcome.CountIn(MarkerStates.Scored("High")), LeadTransition.Scored(queued, Batch, Score, Now).Apply(scored, MarkerStates.Queued));
        Assert.IsType<LeadOutcome.Keep>(LeadTransition.Scored(queued, Batch, Score, Now).Apply(scored, MarkerStates.Scored("High")));
        Assert.IsType<LeadOutcome.Keep>(LeadTransition.Scored(queued, Batch, Score, Now).Apply(null, null));
    }

    [Fact]
    public void Scored_without_a_batch_marker_is_counted_by_no_batch()
    {
        var queued = Stored(LeadStatus.Queued);

        Assert.Null(Assert.IsType<LeadOutcome.Write>(LeadTransition.Scored(queued, Batch, Score, Now).Apply(queued, null)).MarkerState);
    }

    [Fact]
    public void Redelivered_counts_a_finished_lead_in_and_finds_a_queued_one_stale()
    {
        Assert.Equal(new LeadOutcome.CountIn(MarkerStates.Failed), LeadTransition.Redelivered("l1", Batch).Apply(Stored(LeadStatus.Failed), MarkerStates.Queued));
        Assert.IsType<LeadOutcome.Stale>(LeadTransition.Redelivered("l1", Batch).Apply(Stored(LeadStatus.Queued), MarkerStates.Queued));
        Assert.IsType<LeadOutcome.Keep>(LeadTransition.Redelivered("l1", Batch).Apply(null, null));
    }

    [Fact]
    public void Failed_records_the_reason_on_a_queued_lead_only()
    {
        var write = Assert.IsType<LeadOutcome.Write>(LeadTransition.Failed("l1", Batch, "poisoned", Now).Apply(Stored(LeadStatus.Queued), MarkerStates.Queued));

        Assert.Equal((LeadStatus.Failed, "poisoned", MarkerStates.Failed), (write.After.Status, write.After.Reasoning, write.MarkerState));
        Assert.IsType<LeadOutcome.Keep>(LeadTransition.Failed("l1", Batch, "poisoned", Now).Apply(Stored(LeadStatus.Scored), MarkerStates.Scored("High")));
    }

    [Fact]
    public void Requeued_resets_failed_leads_and_with_rescore_scored_ones()
    {
        var scored = Stored(LeadStatus.Scored);

        Assert.IsType<LeadOutcome.Keep>(LeadTransition.Requeued(scored, rescore: false).Apply(scored, MarkerStates.Scored("High")));
        Assert.IsType<LeadOutcome.Keep>(LeadTransition.Requeued(scored, rescore: true).Apply(Stored(LeadStatus.Queued), MarkerStates.Queued));
        var write = Assert.IsType<LeadOutcome.Write>(LeadTransition.Requeued(scored, rescore: true).Apply(scored, MarkerStates.Scored("High")));
        Assert.Equal((LeadStatus.Queued, (string?)null, MarkerStates.Queued), (write.After.Status, write.After.Intent, write.MarkerState));
        Assert.Equal(Kept, write.After.GetClassification());
        Assert.IsType<LeadOutcome.Write>(LeadTransition.Requeued(scored, rescore: false).Apply(Stored(LeadStatus.Failed), MarkerStates.Failed));
    }

    [Fact]
    public void Requeued_leaves_a_lead_that_moved_to_another_batch_since_it_was_read()
    {
        var read = Stored(LeadStatus.Failed);
        var moved = Stored(LeadStatus.Scored);
        moved.BatchId = OtherBatch;

        Assert.IsType<LeadOutcome.Keep>(LeadTransition.Requeued(read, rescore: true).Apply(moved, null));
    }

    [Fact]
    public void Edited_replaces_the_fields_and_queues_the_lead_again()
    {
        var scored = Stored(LeadStatus.Scored);

        var write = Assert.IsType<LeadOutcome.Write>(LeadTransition.Edited(scored, Fields with { Role = "CTO" }).Apply(scored, MarkerStates.Scored("High")));

        Assert.Equal(("CTO", LeadStatus.Queued, MarkerStates.Queued), (write.After.Role, write.After.Status, write.MarkerState));
        Assert.IsType<LeadOutcome.Keep>(LeadTransition.Edited(scored, Fields).Apply(null, null));
    }

    [Fact]
    public void Deleted_removes_a_stored_lead_and_keeps_a_missing_one_missing()
    {
        var scored = Stored(LeadStatus.Scored);

        Assert.IsType<LeadOutcome.Remove>(LeadTransition.Deleted(scored).Apply(scored, MarkerStates.Scored("High")));
        Assert.IsType<LeadOutcome.Keep>(LeadTransition.Deleted(scored).Apply(null, null));
    }

    [Fact]
    public void Assuming_keeps_the_transition_and_records_the_belief()
    {
        var transition = LeadTransition.Ingested("l1", Batch, Fields, 2, Now);

        var assumed = transition.Assuming(StoredLead.New);

        Assert.Same(StoredLead.New, assumed.Assumed);
        Assert.Null(transition.Assumed);
        Assert.Equal((transition.Name, transition.LeadId, transition.BatchId), (assumed.Name, assumed.LeadId, assumed.BatchId));
    }

    private static LeadEntity Stored(string status)
    {
        var lead = new LeadEntity { Id = "l1", OfferId = "o1", BatchId = Batch, Status = status, CreatedAt = Now.AddDays(-1), ETag = new ETag("W/\"1\"") };
        lead.SetFields(Fields);
        lead.SetClassification(Kept);
        if (status == LeadStatus.Scored)
        {
            (lead.Score, lead.Intent) = (90, "High");
        }

        return lead;
    }
}
