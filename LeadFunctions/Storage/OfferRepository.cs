using Azure;
using Azure.Data.Tables;
using LeadFunctions.Model;

namespace LeadFunctions.Storage;

/// <summary>Offers in Table Storage, with ETags for optimistic concurrency.</summary>
public sealed class OfferRepository(LeadTables tables, TimeProvider time)
{
    public async Task<OfferEntity> CreateAsync(OfferInput input, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Offers, ct);
        var now = time.GetUtcNow();
        var entity = OfferEntity.From(Guid.NewGuid().ToString("N")[..16], input, now, now);
        var response = await table.AddEntityAsync(entity, ct);
        entity.ETag = response.Headers.ETag ?? default;
        return entity;
    }

    public async Task<OfferEntity?> GetAsync(string id, CancellationToken ct)
    {
        if (!TableKeys.IsValid(id))
        {
            return null;
        }

        var table = await tables.GetAsync(LeadTables.Offers, ct);
        return await LeadPartitionWriter.GetAsync<OfferEntity>(table, OfferEntity.Partition, id, ct);
    }

    public async Task<IReadOnlyList<OfferEntity>> ListAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Offers, ct);
        var offers = new List<OfferEntity>();
        await foreach (var offer in table.QueryAsync<OfferEntity>(o => o.PartitionKey == OfferEntity.Partition, cancellationToken: ct))
        {
            offers.Add(offer);
        }

        return offers.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Replaces an offer. With <paramref name="ifMatch"/>, fails with <see cref="OfferUpdateOutcome.Stale"/> unless it is the current ETag.</summary>
    public async Task<(OfferUpdateOutcome Outcome, OfferEntity? Offer)> UpdateAsync(string id, OfferInput input, ETag? ifMatch, CancellationToken ct)
    {
        var current = await GetAsync(id, ct);
        if (current is null)
        {
            return (OfferUpdateOutcome.NotFound, null);
        }

        var table = await tables.GetAsync(LeadTables.Offers, ct);
        var updated = OfferEntity.From(id, input, current.CreatedAt, time.GetUtcNow());
        try
        {
            var response = await table.UpdateEntityAsync(updated, ifMatch ?? current.ETag, TableUpdateMode.Replace, ct);
            updated.ETag = response.Headers.ETag ?? default;
            return (OfferUpdateOutcome.Updated, updated);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return (OfferUpdateOutcome.Stale, null);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (OfferUpdateOutcome.NotFound, null);
        }
    }

    /// <summary>Deletes the offer with its leads and batches. False when there was no such offer.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        var offer = await GetAsync(id, ct);
        if (offer is null)
        {
            return false;
        }

        var leads = await tables.GetAsync(LeadTables.Leads, ct);
        await TablePartitions.DeleteAsync(leads, id, ct);
        var batches = await tables.GetAsync(LeadTables.Batches, ct);
        await foreach (var batch in batches.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {BatchEntity.HeaderRowKey} and OfferId eq {id}"), select: ["PartitionKey"], cancellationToken: ct))
        {
            await TablePartitions.DeleteAsync(batches, batch.PartitionKey, ct);
        }

        var offers = await tables.GetAsync(LeadTables.Offers, ct);
        await offers.DeleteEntityAsync(OfferEntity.Partition, id, ETag.All, ct);
        return true;
    }
}
