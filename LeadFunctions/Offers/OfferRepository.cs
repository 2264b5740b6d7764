using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Offers;

/// <summary>Offers in Table Storage, with ETags for optimistic concurrency.</summary>
public sealed class OfferRepository(LeadTables tables, TimeProvider time, IOptions<LeadScoringOptions> options)
{
    /// <summary>
    /// How long scoring uses an offer it read (<see cref="GetRecentAsync"/>) before reading it again: an edit made
    /// through another instance is used by this one's scoring at most this much later (one made through this instance,
    /// at once). A deleted offer is fenced off by its lead partition (<see cref="OfferFence"/>), not by this.
    /// </summary>
    public static readonly TimeSpan RecentFor = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Task<(OfferEntity? Offer, DateTimeOffset ReadAt)>> _recent = new(StringComparer.Ordinal);

    /// <summary>Offers' lead partitions as read once: they never change, so they are kept for the life of the process.</summary>
    private readonly ConcurrentDictionary<string, LeadPartitions> _partitions = new(StringComparer.Ordinal);

    public async Task<OfferEntity> CreateAsync(OfferInput input, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Offers, ct);
        var now = time.GetUtcNow();
        var entity = OfferEntity.From(Guid.NewGuid().ToString("N")[..16], input, now, now);
        entity.LeadPartitionCount = Math.Clamp(options.Value.LeadPartitions, 1, LeadPartitions.MaxCount);
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
        var offer = await LeadPartitionWriter.GetAsync<OfferEntity>(table, OfferEntity.Partition, id, ct);
        if (offer is not null)
        {
            Remember(offer.GetLeadPartitions());
        }

        return offer;
    }

    /// <summary>
    /// The offer as read at most <see cref="RecentFor"/> ago (null: none then): what scoring needs, read about once a
    /// second, not once a lead. Callers arriving while it is being read share that read.
    /// </summary>
    public async Task<OfferEntity?> GetRecentAsync(string id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_recent.TryGetValue(id, out var known))
        {
            if (!known.IsCompleted)
            {
                return (await known.WaitAsync(ct)).Offer;
            }

            if (known.IsCompletedSuccessfully && now - known.Result.ReadAt < RecentFor && now >= known.Result.ReadAt)
            {
                return known.Result.Offer;
            }
        }

        if (_recent.Count > MaxRecent)
        {
            _recent.Clear();
        }

        var read = ReadRecentAsync(id, now);
        _recent[id] = read;
        return (await read.WaitAsync(ct)).Offer;
    }

    /// <summary>A read shared by several callers runs to its end whatever happens to one caller's token.</summary>
    private async Task<(OfferEntity? Offer, DateTimeOffset ReadAt)> ReadRecentAsync(string id, DateTimeOffset at) =>
        (await GetAsync(id, CancellationToken.None), at);

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

    /// <summary>Every offer's id, and nothing else of it.</summary>
    public async Task<IReadOnlyList<string>> ListIdsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Offers, ct);
        var ids = new List<string>();
        await foreach (var offer in table.QueryAsync<TableEntity>(o => o.PartitionKey == OfferEntity.Partition, select: ["RowKey"], cancellationToken: ct))
        {
            ids.Add(offer.RowKey);
        }

        return ids;
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
        updated.LeadPartitionCount = current.LeadPartitionCount;
        try
        {
            var response = await table.UpdateEntityAsync(updated, ifMatch ?? current.ETag, TableUpdateMode.Replace, ct);
            updated.ETag = response.Headers.ETag ?? default;
            _recent.TryRemove(id, out _);
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

    /// <summary>
    /// Replaces the offer with a tombstone: from here on it is unknown to every route, upload and scoring run, and a blob
    /// still written to its folder is discarded rather than filed as a failed batch. The tombstone holds no offer data.
    /// </summary>
    public async Task MarkDeletedAsync(string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Offers, ct);

        // The tombstone keeps the partition count, which the deletion's sweeps and fence need once the offer is gone;
        // merged, so that a repeated delete (the offer gone already) leaves the count there.
        var tombstone = new TableEntity(TombstonePartition, id) { ["DeletedAt"] = time.GetUtcNow() };
        if (await GetAsync(id, ct) is { LeadPartitionCount: { } count })
        {
            tombstone[nameof(OfferEntity.LeadPartitionCount)] = count;
        }

        await table.UpsertEntityAsync(tombstone, TableUpdateMode.Merge, ct);
        _recent.TryRemove(id, out _);
        try
        {
            await table.DeleteEntityAsync(OfferEntity.Partition, id, ETag.All, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A repeated delete.
        }
    }

    public async Task<bool> IsDeletedAsync(string id, CancellationToken ct)
    {
        if (!TableKeys.IsValid(id))
        {
            return false;
        }

        var table = await tables.GetAsync(LeadTables.Offers, ct);
        return await LeadPartitionWriter.GetAsync<TableEntity>(table, TombstonePartition, id, ct) is not null;
    }

    /// <summary>
    /// The partitions holding the offer's leads: as recorded on the offer, or on its tombstone once deleted (so a
    /// deletion and its fence cover them all); an offer stored without a count, or unknown, has its one partition.
    /// </summary>
    public async Task<LeadPartitions> GetLeadPartitionsAsync(string offerId, CancellationToken ct)
    {
        if (_partitions.TryGetValue(offerId, out var known))
        {
            return known;
        }

        if (!TableKeys.IsValid(offerId))
        {
            return LeadPartitions.Single(offerId);
        }

        if (await GetAsync(offerId, ct) is { } offer)
        {
            return offer.GetLeadPartitions();
        }

        var table = await tables.GetAsync(LeadTables.Offers, ct);
        if (await LeadPartitionWriter.GetAsync<TableEntity>(table, TombstonePartition, offerId, ct) is not { } tombstone)
        {
            // Never stored: nothing is written under the id, so it is not remembered (its offer may yet be created).
            return LeadPartitions.Single(offerId);
        }

        var partitions = new LeadPartitions(offerId, Math.Clamp(tombstone.GetInt32(nameof(OfferEntity.LeadPartitionCount)) ?? 1, 1, LeadPartitions.MaxCount));
        Remember(partitions);
        return partitions;
    }

    private void Remember(LeadPartitions partitions)
    {
        if (_partitions.Count > MaxRecent * 10)
        {
            _partitions.Clear();
        }

        _partitions.TryAdd(partitions.OfferId, partitions);
    }

    private const string TombstonePartition = "deleted";

    private const int MaxRecent = 1000;
}
