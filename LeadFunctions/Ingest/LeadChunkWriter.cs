namespace LeadFunctions.Ingest;

/// <summary>
/// Writes accepted leads of a batch (new, or re-uploaded: updated and queued again) with their batch markers, then
/// queues one scoring message per lead it queued, carrying the lead as written (<see cref="ScoreLeadMessage.Lead"/>).
/// A lead this batch already held is queued again only when <c>resend</c> says an earlier run of the same rows may
/// have died between its write and its messages (scoring treats a repeated message idempotently); a lead whose owning
/// row merely moves to an earlier line (<see cref="LeadOutcome.Reowned"/>) is not queued again, since the run that
/// wrote it from the later row queues it (or, if it died first, its run again does).
/// </summary>
public sealed class LeadChunkWriter(LeadPartitionWriter writer, ScoringQueue queue, TimeProvider time)
{
    public async Task WriteAsync(string offerId, string batchId, IReadOnlyList<IngestLead> leads, bool resend, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Rows of an upload are mostly new leads: no need to read each one before adding it.
        var transitions = leads.Select(lead => LeadTransition.Ingested(lead.LeadId, batchId, lead.Fields, lead.Line, now).Assuming(StoredLead.New)).ToList();
        var written = await writer.ApplyAsync(offerId, transitions, ct);
        var messages = written
            .Where(w => w.Lead is { Status: LeadStatus.Queued } lead && lead.BatchId == batchId
                && (w.Outcome is LeadOutcome.Write || (resend && w.Outcome is LeadOutcome.Keep)))
            .Select(w => ScoringQueue.MessageFor(batchId, w));
        await queue.SendAsync(messages, ct);
    }
}
