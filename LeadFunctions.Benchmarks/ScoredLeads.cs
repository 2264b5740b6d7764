namespace LeadFunctions.Benchmarks;

/// <summary>Scored lead records written straight through <see cref="LeadPartitionWriter"/>, bypassing the queue.</summary>
public static class ScoredLeads
{
    public static LeadEntity Entity(string offerId, string batchId, LeadFields fields, LeadScore score, DateTimeOffset now)
    {
        var lead = new LeadEntity { Id = LeadIds.Create(offerId, LeadIdentity.Id(fields)), OfferId = offerId, BatchId = batchId, CreatedAt = now };
        lead.SetFields(fields);
        score.ApplyTo(lead, now);
        return lead;
    }

    /// <summary>Writes new scored leads in one partition transaction (lead, index entry, tallies, batch progress).</summary>
    public static Task WriteAsync(LeadPartitionWriter writer, string offerId, IEnumerable<LeadEntity> leads, CancellationToken ct) =>
        writer.ApplyAsync(offerId, leads.Select(lead => LeadTransition.Imported(lead, lead.BatchId)).ToList(), ct);
}
