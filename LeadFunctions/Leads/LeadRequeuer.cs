using LeadFunctions.Model;
using LeadFunctions.Storage;

namespace LeadFunctions.Leads;

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
        var work = new LeadWork(lead.Id, lead.BatchId, (current, _) =>
        {
            if (current is null)
            {
                return LeadDecision.Unchanged;
            }

            var after = current.Clone();
            after.Name = fields.Name;
            after.Role = fields.Role;
            after.Company = fields.Company;
            after.Industry = fields.Industry;
            after.Location = fields.Location;
            after.LinkedinBio = fields.LinkedinBio;
            LeadState.ResetToQueued(after);
            return new LeadDecision(after, MarkerStates.Queued);
        });
        LeadEntity? written;
        try
        {
            written = (await writer.ApplyAsync(lead.OfferId, [work], ct))[0];
        }
        catch (OfferDeletedException)
        {
            return null;
        }

        if (written is not null)
        {
            await queue.SendAsync([new ScoreLeadMessage(written.OfferId, written.Id, written.BatchId)], ct);
        }

        return written;
    }

    /// <summary>Deletes a lead, its index entry and its share of its batch's counters.</summary>
    public async Task<bool> DeleteAsync(LeadEntity lead, CancellationToken ct)
    {
        var existed = false;
        var work = new LeadWork(lead.Id, lead.BatchId, (current, _) =>
        {
            existed = current is not null;
            return new LeadDecision(null, null);
        });
        try
        {
            await writer.ApplyAsync(lead.OfferId, [work], ct);
        }
        catch (OfferDeletedException)
        {
            return false;
        }

        return existed;
    }

    private async Task<int> RequeueChunkAsync(IReadOnlyList<LeadEntity> leads, bool rescore, CancellationToken ct)
    {
        var byOffer = leads.GroupBy(l => l.OfferId);
        var count = 0;
        foreach (var group in byOffer)
        {
            var work = group.Select(l => new LeadWork(l.Id, l.BatchId, (current, _) =>
            {
                if (current is null || current.Status == LeadStatus.Queued || (!rescore && current.Status == LeadStatus.Scored))
                {
                    // Queued leads keep their state and just get their message again.
                    return LeadDecision.Unchanged;
                }

                if (current.BatchId != l.BatchId)
                {
                    // Uploaded again in another batch since it was read (that upload queued it): a Queued marker for the
                    // batch it left would be a lead that batch never counts down, and an extra one in its distinct-lead
                    // count (BatchLeadCount) while it still ingests.
                    return LeadDecision.Unchanged;
                }

                var after = current.Clone();
                LeadState.ResetToQueued(after);
                return new LeadDecision(after, MarkerStates.Queued);
            })).ToList();
            IReadOnlyList<LeadEntity?> written;
            try
            {
                written = await writer.ApplyAsync(group.Key, work, ct);
            }
            catch (OfferDeletedException)
            {
                // Deleted while this ran: its leads are going, nothing to send.
                continue;
            }

            var messages = written.Where(l => l is { Status: LeadStatus.Queued }).Select(l => new ScoreLeadMessage(l!.OfferId, l.Id, l.BatchId)).ToList();
            await queue.SendAsync(messages, ct);
            count += messages.Count;
        }

        return count;
    }
}
