using LeadFunctions.Model;
using LeadFunctions.Storage;

namespace LeadFunctions.Ingest;

/// <summary>
/// Writes accepted leads of a batch (new, or re-uploaded: updated and queued again) with their batch markers, then
/// queues one scoring message per lead left queued, carrying the lead as written (<see cref="ScoreLeadMessage.Lead"/>).
/// Run twice on the same rows, it changes nothing and only re-sends messages for leads still queued, which scoring
/// treats idempotently.
/// </summary>
public sealed class LeadChunkWriter(LeadPartitionWriter writer, ScoringQueue queue, TimeProvider time)
{
    public async Task WriteAsync(string offerId, string batchId, IReadOnlyList<IngestLead> leads, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Rows of an upload are mostly new leads: no need to read each one before adding it.
        var transitions = leads.Select(lead => LeadTransition.Ingested(lead.LeadId, batchId, lead.Fields, now).Assuming(StoredLead.New)).ToList();
        var written = await writer.ApplyAsync(offerId, transitions, ct);
        var messages = written
            .Where(w => w.Lead is { Status: LeadStatus.Queued } lead && lead.BatchId == batchId)
            .Select(w => ScoringQueue.MessageFor(batchId, w));
        await queue.SendAsync(messages, ct);
    }
}
