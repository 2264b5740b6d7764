using LeadFunctions.Model;
using LeadFunctions.Storage;

namespace LeadFunctions.Ingest;

/// <summary>
/// Writes accepted leads of a batch (new, or re-uploaded: updated and queued again) with their batch markers, then
/// queues one scoring message per lead it queued. A lead this batch already held is queued again only when
/// <c>resend</c> says an earlier run of the same rows may have died between its write and its messages (scoring treats
/// a repeated message idempotently); a lead whose owning row merely moves to an earlier line is not queued again, since
/// the run that wrote it from the later row queues it (or, if it died first, its run again does).
/// </summary>
public sealed class LeadChunkWriter(LeadPartitionWriter writer, ScoringQueue queue, TimeProvider time)
{
    public async Task WriteAsync(string offerId, string batchId, IReadOnlyList<IngestLead> leads, bool resend, CancellationToken ct)
    {
        // The decision last taken per lead is the one written (a transaction that meets a conflict decides again).
        var queues = new Dictionary<string, bool>(StringComparer.Ordinal);
        var work = leads.Select(lead => new LeadWork(lead.LeadId, batchId, (current, marker) =>
        {
            var (decision, queued) = Decide(lead, batchId, current, marker);
            lock (queues)
            {
                queues[lead.LeadId] = decision.IsUnchanged ? resend : queued;
            }

            return decision;
        })).ToList();
        // Rows of an upload are mostly new leads: no need to read each one before adding it.
        var written = await writer.ApplyAsync(offerId, work, expectNew: true, ct);
        var messages = written
            .Where(l => l is { Status: LeadStatus.Queued } && l.BatchId == batchId && queues.GetValueOrDefault(l.Id))
            .Select(l => new ScoreLeadMessage(offerId, l!.Id, batchId));
        await queue.SendAsync(messages, ct);
    }

    /// <summary>What to write for the row, and whether that write queues the lead for scoring.</summary>
    private (LeadDecision Decision, bool Queued) Decide(IngestLead lead, string batchId, LeadEntity? current, string? marker)
    {
        if (current is not null && marker is not null && current.BatchId == batchId)
        {
            // This batch already holds the lead. The file's segments are ingested in parallel and in any order, so a
            // repeat of the lead may arrive first: the row on the earliest line owns it (SPEC §4, "the first occurrence
            // is the lead"); a later row is a duplicate, and the same row again (a segment run again) changes nothing.
            var owner = current.IngestLine ?? lead.Line;
            if (owner < lead.Line || (owner == lead.Line && current.GetFields() == lead.Fields))
            {
                return (LeadDecision.Unchanged, false);
            }

            if (current.GetFields() == lead.Fields)
            {
                // Same content from an earlier line: only the owner changes, scoring keeps what it did. The marker's
                // state stays as it is, and the lead is not queued again here.
                var owned = current.Clone();
                owned.IngestLine = lead.Line;
                return (new LeadDecision(owned, marker), false);
            }
        }

        var after = current?.Clone() ?? new LeadEntity { Id = lead.LeadId, CreatedAt = time.GetUtcNow() };
        after.BatchId = batchId;
        after.IngestLine = lead.Line;
        after.SetFields(lead.Fields);
        LeadState.ResetToQueued(after);
        return (new LeadDecision(after, MarkerStates.Queued), true);
    }
}
