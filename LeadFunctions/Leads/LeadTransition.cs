using Azure;
namespace LeadFunctions.Leads;

/// <summary>
/// One named change of one lead — ingested, scored, failed, requeued, edited, deleted — and what it makes of the lead
/// given what is stored (<see cref="Apply"/>, pure). <see cref="LeadPartitionWriter"/> only writes the outcome, in one
/// transaction with the lead's index entry, its batch's marker and the counters, and applies the transition again to
/// what it reads when a write conflicts.
/// </summary>
public sealed class LeadTransition
{
    private readonly Func<LeadEntity?, string?, LeadOutcome> _apply;

    private LeadTransition(string name, string leadId, string? batchId, Func<LeadEntity?, string?, LeadOutcome> apply)
    {
        Name = name;
        LeadId = leadId;
        BatchId = batchId;
        _apply = apply;
    }

    public string Name { get; }

    public string LeadId { get; }

    /// <summary>The batch whose count of the lead (its marker) the transition settles; null: none.</summary>
    public string? BatchId { get; }

    /// <summary>
    /// What the caller believes is stored (a lead as ingest wrote it, with its ETag): the writer's first attempt
    /// applies the transition to it without reading, and the ETags make the transaction fail if it was wrong.
    /// </summary>
    public StoredLead? Assumed { get; private init; }

    /// <summary>What becomes of the lead, given its stored record (null: none) and its batch marker's state (null: none).</summary>
    public LeadOutcome Apply(LeadEntity? current, string? markerState) => _apply(current, markerState);

    /// <summary>This transition, first applied to <paramref name="assumed"/> instead of what a read would return.</summary>
    public LeadTransition Assuming(StoredLead assumed) => new(Name, LeadId, BatchId, _apply) { Assumed = assumed };

    /// <summary>
    /// The row on file line <paramref name="line"/> of an upload of <paramref name="batchId"/>: a new lead, or one
    /// re-uploaded (its fields replaced, queued again, counted by this batch). The file's segments are ingested in
    /// parallel and in any order, so a repeat of a lead may arrive before its first occurrence: the row on the earliest
    /// line owns the lead (docs/api.md#csv-input). A later row of the same batch is a duplicate and the same row again
    /// (a segment run again) keeps whatever scoring did since; the same content from an earlier line only takes over
    /// ownership (<see cref="LeadOutcome.Reowned"/>).
    /// </summary>
    public static LeadTransition Ingested(string leadId, string batchId, LeadFields fields, long line, DateTimeOffset now) =>
        new(nameof(Ingested), leadId, batchId, (current, marker) =>
        {
            if (current is not null && marker is not null && current.BatchId == batchId)
            {
                var owner = current.IngestLine ?? line;
                if (owner < line || (owner == line && current.GetFields() == fields))
                {
                    return LeadOutcome.Kept;
                }

                if (current.GetFields() == fields)
                {
                    var owned = current.Clone();
                    owned.IngestLine = line;
                    return new LeadOutcome.Reowned(owned);
                }
            }

            var after = current?.Clone() ?? new LeadEntity { Id = leadId, CreatedAt = now };
            after.BatchId = batchId;
            after.IngestLine = line;
            after.SetFields(fields);
            ResetToQueued(after);
            return new LeadOutcome.Write(after, MarkerStates.Queued);
        });

    /// <summary>
    /// <paramref name="basis"/> (the queued lead as read, or as its message carried it) scored as <paramref name="score"/>.
    /// Stale when the lead changed since; a lead already scored or failed (a repeated delivery) is only counted in.
    /// </summary>
    public static LeadTransition Scored(LeadEntity basis, string? batchId, LeadScore score, DateTimeOffset now) =>
        new(nameof(Scored), basis.Id, batchId, (current, marker) =>
        {
            if (current is null)
            {
                return LeadOutcome.Kept;
            }

            if (current.Status != LeadStatus.Queued)
            {
                return CountedIn(current, marker);
            }

            if (current.ETag != basis.ETag)
            {
                return LeadOutcome.Changed;
            }

            var scored = current.Clone();
            score.ApplyTo(scored, now);
            return new LeadOutcome.Write(scored, marker is null ? null : MarkerStates.Of(scored));
        });

    /// <summary>
    /// A scoring message for a lead found already scored or failed (a repeated delivery): its batch counts it as it
    /// is. Stale if it was queued again since (it is then to be scored).
    /// </summary>
    public static LeadTransition Redelivered(string leadId, string? batchId) =>
        new(nameof(Redelivered), leadId, batchId, (current, marker) => current switch
        {
            null => LeadOutcome.Kept,
            { Status: LeadStatus.Queued } => LeadOutcome.Changed,
            _ => CountedIn(current, marker),
        });

    /// <summary>A queued lead that could not be scored (its message was poisoned), failed with <paramref name="reason"/>.</summary>
    public static LeadTransition Failed(string leadId, string? batchId, string reason, DateTimeOffset now) =>
        new(nameof(Failed), leadId, batchId, (current, marker) =>
        {
            if (current is null)
            {
                return LeadOutcome.Kept;
            }

            if (current.Status != LeadStatus.Queued)
            {
                return CountedIn(current, marker);
            }

            var failed = current.Clone();
            failed.Status = LeadStatus.Failed;
            failed.Reasoning = reason;
            failed.ScoredAt = now;
            return new LeadOutcome.Write(failed, marker is null ? null : MarkerStates.Failed);
        });

    /// <summary>
    /// Sent back to scoring: a failed lead (or with <paramref name="rescore"/> a scored one) is queued again; a queued
    /// lead stays as it is (it only gets its message again).
    /// </summary>
    public static LeadTransition Requeued(LeadEntity lead, bool rescore) =>
        new(nameof(Requeued), lead.Id, lead.BatchId, (current, _) =>
        {
            if (current is null || current.Status == LeadStatus.Queued || (!rescore && current.Status == LeadStatus.Scored))
            {
                return LeadOutcome.Kept;
            }

            if (current.BatchId != lead.BatchId)
            {
                // Uploaded again in another batch since it was read (that upload queued it): a Queued marker for the
                // batch it left would be a lead that batch never counts down, and an extra one in its distinct-lead
                // count (BatchProgress.Marked) while it still ingests.
                return LeadOutcome.Kept;
            }

            var after = current.Clone();
            ResetToQueued(after);
            return new LeadOutcome.Write(after, MarkerStates.Queued);
        });

    /// <summary>Its fields replaced by <paramref name="fields"/>, queued again.</summary>
    public static LeadTransition Edited(LeadEntity lead, LeadFields fields) =>
        new(nameof(Edited), lead.Id, lead.BatchId, (current, _) =>
        {
            if (current is null)
            {
                return LeadOutcome.Kept;
            }

            var after = current.Clone();
            after.SetFields(fields);
            ResetToQueued(after);
            return new LeadOutcome.Write(after, MarkerStates.Queued);
        });

    /// <summary>Deleted with its index entry, its share of the tallies and its batch's count.</summary>
    public static LeadTransition Deleted(LeadEntity lead) =>
        new(nameof(Deleted), lead.Id, lead.BatchId, (current, _) => current is null ? LeadOutcome.Kept : LeadOutcome.Removed);

    /// <summary>
    /// <paramref name="lead"/> stored exactly as given, counted by <paramref name="batchId"/> in the state it is in (none:
    /// counted by no batch). For loading prepared leads (fixtures, benchmarks); no API path writes a lead this way.
    /// </summary>
    public static LeadTransition Imported(LeadEntity lead, string? batchId = null) =>
        new(nameof(Imported), lead.Id, batchId, (_, _) => new LeadOutcome.Write(lead, batchId is null ? null : MarkerStates.Of(lead)));

    /// <summary>Queued for scoring: no score, intent, reasoning or breakdown; the AI classification it keeps stays (docs/scoring.md#ai-calls).</summary>
    public static void ResetToQueued(LeadEntity lead)
    {
        lead.Status = LeadStatus.Queued;
        lead.Score = null;
        lead.Intent = null;
        lead.Reasoning = null;
        lead.BreakdownJson = null;
        lead.ScoredAt = null;
    }

    private static LeadOutcome CountedIn(LeadEntity current, string? marker) =>
        marker is null || marker == MarkerStates.Of(current) ? LeadOutcome.Kept : new LeadOutcome.CountIn(MarkerStates.Of(current));

    public override string ToString() => $"{Name} {LeadId}";
}

/// <summary>
/// A lead as stored, with its ETag, and its batch's marker state and ETag (none: <see cref="MarkerState"/> null).
/// <see cref="New"/>: neither exists.
/// </summary>
public sealed record StoredLead(LeadEntity? Lead, string? MarkerState, ETag MarkerETag)
{
    public static StoredLead New { get; } = new(null, null, default);
}
