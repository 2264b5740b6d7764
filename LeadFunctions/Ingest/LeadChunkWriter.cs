using LeadFunctions.Model;
using LeadFunctions.Storage;

namespace LeadFunctions.Ingest;

/// <summary>
/// Writes accepted leads of a batch (new, or re-uploaded: updated and queued again) with their batch markers, then
/// queues one scoring message per lead left queued. Run twice on the same rows, it changes nothing and only
/// re-sends messages for leads still queued, which scoring treats idempotently.
/// </summary>
public sealed class LeadChunkWriter(LeadPartitionWriter writer, ScoringQueue queue, TimeProvider time)
{
    public async Task WriteAsync(string offerId, string batchId, IReadOnlyList<IngestLead> leads, CancellationToken ct)
    {
        var work = leads.Select(lead => new LeadWork(lead.LeadId, batchId, (current, marker) => Decide(lead, batchId, current, marker))).ToList();
        // Rows of an upload are mostly new leads: no need to read each one before adding it.
        var written = await writer.ApplyAsync(offerId, work, expectNew: true, ct);
        var messages = written
            .Where(l => l is { Status: LeadStatus.Queued } && l.BatchId == batchId)
            .Select(l => new ScoreLeadMessage(offerId, l!.Id, batchId));
        await queue.SendAsync(messages, ct);
    }

    private LeadDecision Decide(IngestLead lead, string batchId, LeadEntity? current, string? marker)
    {
        if (current is not null && marker is not null && current.BatchId == batchId)
        {
            // This batch already holds the lead. The file's segments are ingested in parallel and in any order, so a
            // repeat of the lead may arrive first: the row on the earliest line owns it (SPEC §4, "the first occurrence
            // is the lead"); a later row is a duplicate, and the same row again (a segment run again) changes nothing.
            var owner = current.IngestLine ?? lead.Line;
            if (owner < lead.Line || (owner == lead.Line && current.GetFields() == lead.Fields))
            {
                return LeadDecision.Unchanged;
            }

            if (current.GetFields() == lead.Fields)
            {
                // Same content from an earlier line: only the owner changes, scoring keeps what it did.
                var owned = current.Clone();
                owned.IngestLine = lead.Line;
                return new LeadDecision(owned, marker);
            }
        }

        var after = current?.Clone() ?? new LeadEntity { Id = lead.LeadId, CreatedAt = time.GetUtcNow() };
        after.BatchId = batchId;
        after.IngestLine = lead.Line;
        after.SetFields(lead.Fields);
        LeadState.ResetToQueued(after);
        return new LeadDecision(after, MarkerStates.Queued);
    }
}
