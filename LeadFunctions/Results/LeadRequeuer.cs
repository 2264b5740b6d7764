namespace LeadFunctions.Results;

/// <summary>
/// Sends leads back to scoring: the unscored ones of a scope (queued leads get their message again, failed ones are
/// reset), or with <c>rescore</c> all of them. Each lead's reset and its batch's progress change in one transaction.
/// </summary>
public sealed class LeadRequeuer(LeadReader reader, LeadPartitionWriter writer, ScoringQueue queue)
{
    private const int ParallelChunks = 4;

    /// <summary>
    /// Requeues the scope in index order, after the index key <paramref name="after"/> when resuming. After each group
    /// of chunks whose leads are all reset and sent, <paramref name="checkpoint"/> gets the last index key done and how
    /// many were queued since the previous call: a run stopped after it resumes there and loses nothing, since a lead
    /// reset without its message yet is queued and sorts after every checkpoint, where the resumed scan sends it again.
    /// </summary>
    public async Task RequeueAsync(
        LeadFilter scope, bool rescore, string? after, Func<string, long, CancellationToken, Task> checkpoint, CancellationToken ct)
    {
        var chunks = new List<Task<int>>();
        var chunk = new List<LeadEntity>(LeadPartitionWriter.MaxLeadsPerTransaction);
        string? lastKey = null;

        // A requeued lead moves to the end of the index, where this same scan would meet it again.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var lead in reader.ReadAsync(scope, after, pageHint: 1000, ct))
        {
            lastKey = lead.RowKey;
            if ((!rescore && lead.Status == LeadStatus.Scored) || !seen.Add(lead.Id))
            {
                continue;
            }

            chunk.Add(lead);
            if (chunk.Count == LeadPartitionWriter.MaxLeadsPerTransaction)
            {
                chunks.Add(RequeueChunkAsync(chunk, rescore, ct));
                chunk = new List<LeadEntity>(LeadPartitionWriter.MaxLeadsPerTransaction);
                if (chunks.Count == ParallelChunks)
                {
                    await checkpoint(lastKey, (await Task.WhenAll(chunks)).Sum(), ct);
                    chunks.Clear();
                }
            }
        }

        if (chunk.Count > 0)
        {
            chunks.Add(RequeueChunkAsync(chunk, rescore, ct));
        }

        if (lastKey is not null)
        {
            await checkpoint(lastKey, (await Task.WhenAll(chunks)).Sum(), ct);
        }
    }

    /// <summary>Applies an edit of a lead's fields and queues it for scoring again.</summary>
    public async Task<LeadEntity?> EditAsync(LeadEntity lead, LeadFields fields, CancellationToken ct)
    {
        LeadWritten written;
        try
        {
            written = (await writer.ApplyAsync(lead.OfferId, [LeadTransition.Edited(lead, fields)], ct))[0];
        }
        catch (OfferDeletedException)
        {
            return null;
        }

        if (written.Lead is not { } edited)
        {
            return null;
        }

        await queue.SendAsync([ScoringQueue.MessageFor(edited.BatchId, written)], ct);
        return edited;
    }

    /// <summary>Deletes a lead, its index entry and its share of its batch's counters.</summary>
    public async Task<bool> DeleteAsync(LeadEntity lead, CancellationToken ct)
    {
        try
        {
            var written = await writer.ApplyAsync(lead.OfferId, [LeadTransition.Deleted(lead)], ct);
            return written[0].Outcome is LeadOutcome.Remove;
        }
        catch (OfferDeletedException)
        {
            return false;
        }
    }

    private async Task<int> RequeueChunkAsync(IReadOnlyList<LeadEntity> leads, bool rescore, CancellationToken ct)
    {
        var byOffer = leads.GroupBy(l => l.OfferId);
        var count = 0;
        foreach (var group in byOffer)
        {
            var transitions = group.Select(l => LeadTransition.Requeued(l, rescore)).ToList();
            IReadOnlyList<LeadWritten> written;
            try
            {
                written = await writer.ApplyAsync(group.Key, transitions, ct);
            }
            catch (OfferDeletedException)
            {
                // Deleted while this ran: its leads are going, nothing to send.
                continue;
            }

            // Queued leads kept as they were get their message again; each message carries the lead as stored.
            var messages = written.Where(w => w.Lead is { Status: LeadStatus.Queued }).Select(w => ScoringQueue.MessageFor(w.Lead!.BatchId, w)).ToList();
            await queue.SendAsync(messages, ct);
            count += messages.Count;
        }

        return count;
    }
}
