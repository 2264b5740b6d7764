using Azure;
using Azure.Data.Tables;

namespace LeadFunctions.Batches;

/// <summary>Batch headers and rejected-row entries (batches table), and batch progress (the offer's partitions of the leads table).</summary>
public sealed class BatchRepository(LeadTables tables, OfferRepository offers)
{
    /// <summary>Rejected rows stored per batch with their reason; past this only the count grows, so a hostile file can't flood storage.</summary>
    public const int MaxStoredErrors = 1000;

    private const string ErrorPrefix = "err-";

    public async Task<BatchEntity?> GetAsync(string batchId, CancellationToken ct)
    {
        if (!TableKeys.IsValid(batchId))
        {
            return null;
        }

        var table = await tables.GetAsync(LeadTables.Batches, ct);
        return await LeadPartitionWriter.GetAsync<BatchEntity>(table, batchId, BatchEntity.HeaderRowKey, ct);
    }

    /// <summary>Creates the header and its list entries, or returns the one already there (a trigger firing twice finds the first one's).</summary>
    public async Task<BatchEntity> GetOrCreateAsync(BatchEntity batch, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        batch.PartitionKey = batch.BatchId;
        batch.RowKey = BatchEntity.HeaderRowKey;
        batch.ListKey = $"{DateTimeOffset.MaxValue.UtcTicks - batch.CreatedAt.UtcTicks:D19}-{batch.BatchId}";
        try
        {
            var response = await table.AddEntityAsync(batch, ct);
            batch.ETag = response.Headers.ETag ?? default;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            batch = (await GetAsync(batch.BatchId, ct))!;
        }

        // After the header, and again by whoever finds it, so a run cut short in between leaves no batch unlisted.
        if (batch.ListKey is not null)
        {
            await Task.WhenAll(ListEntries(batch).Select(e => table.UpsertEntityAsync(e, TableUpdateMode.Replace, ct)));
        }

        return batch;
    }

    /// <summary>Replaces a header that exists; a header deleted meanwhile (its offer was deleted) is not brought back.</summary>
    /// <exception cref="BatchDeletedException">The header no longer exists.</exception>
    public async Task SaveAsync(BatchEntity batch, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        try
        {
            var response = await table.UpdateEntityAsync(batch, ETag.All, TableUpdateMode.Replace, ct);
            batch.ETag = response.Headers.ETag ?? default;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new BatchDeletedException(batch.BatchId);
        }
    }

    /// <summary>Saves the header only if nobody saved it since it was read (its ETag); false when someone did.</summary>
    public async Task<bool> TrySaveUnchangedAsync(BatchEntity batch, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        try
        {
            var response = await table.UpdateEntityAsync(batch, batch.ETag, TableUpdateMode.Replace, ct);
            batch.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Removes a batch header, its rejected-row entries and its list entries.</summary>
    public async Task DeleteAsync(string batchId, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        if (await GetAsync(batchId, ct) is { ListKey: { } listKey } header)
        {
            await DeleteListEntriesAsync(table, header.OfferId, listKey, ct);
        }

        await TablePartitions.DeleteAsync(table, batchId, ct);
    }

    /// <summary>Removes every batch of an offer (found through its list, and by a scan for batches made before the list existed).</summary>
    public async Task DeleteOfferBatchesAsync(string offerId, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        await foreach (var entry in table.QueryAsync<TableEntity>(e => e.PartitionKey == OfferListPartition(offerId), cancellationToken: ct))
        {
            await TablePartitions.DeleteAsync(table, entry.GetString("BatchId") ?? "", ct);
            await DeleteListEntriesAsync(table, offerId, entry.RowKey, ct);
        }

        await foreach (var batch in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {BatchEntity.HeaderRowKey} and OfferId eq {offerId}"), select: ["PartitionKey"], cancellationToken: ct))
        {
            await TablePartitions.DeleteAsync(table, batch.PartitionKey, ct);
        }
    }

    /// <summary>Whether the offer has any batch in its list.</summary>
    public async Task<bool> AnyAsync(string offerId, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == OfferListPartition(offerId), maxPerPage: 1, select: ["RowKey"], cancellationToken: ct))
        {
            return true;
        }

        return false;
    }

    /// <summary>Stores rejected rows (idempotently: keyed by row) up to <see cref="MaxStoredErrors"/>; returns how many were stored.</summary>
    public async Task<int> AddErrorsAsync(string batchId, IReadOnlyList<RowError> errors, CancellationToken ct)
    {
        if (errors.Count == 0)
        {
            return 0;
        }

        var table = await tables.GetAsync(LeadTables.Batches, ct);
        foreach (var chunk in errors.Chunk(100))
        {
            var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(batchId, ErrorKey(e.Row)) { ["Row"] = e.Row, ["Message"] = e.Message }));
            await table.SubmitTransactionAsync(actions, ct);
        }

        return errors.Count;
    }

    public async Task<IReadOnlyList<RowError>> GetErrorsAsync(string batchId, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {batchId} and RowKey ge {ErrorPrefix} and RowKey lt {LeadKeys.PrefixEnd(ErrorPrefix)}");
        var errors = new List<RowError>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            errors.Add(new RowError(e.GetInt64("Row"), e.GetString("Message") ?? ""));
        }

        return errors;
    }

    /// <summary>
    /// One page of batches, newest first, read by key from the list of the offer (or of every offer) after the list key
    /// <paramref name="after"/>, and the list key to continue after when there are more.
    /// </summary>
    public async Task<(IReadOnlyList<BatchEntity> Batches, string? Next)> ListAsync(string? offerId, string? after, int pageSize, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        var partition = offerId is null ? AllListPartition : OfferListPartition(offerId);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after}");
        var entries = new List<TableEntity>(pageSize + 1);
        await foreach (var entry in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize + 1, cancellationToken: ct))
        {
            entries.Add(entry);
            if (entries.Count > pageSize)
            {
                break;
            }
        }

        var next = entries.Count > pageSize ? entries[pageSize - 1].RowKey : null;
        var headers = await Task.WhenAll(entries.Take(pageSize).Select(e => GetAsync(e.GetString("BatchId") ?? "", ct)));
        return (headers.OfType<BatchEntity>().ToList(), next);
    }

    /// <summary>How many batches the list of the offer (or of every offer) holds, counted from its keys.</summary>
    public async Task<long> CountAsync(string? offerId, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        var partition = offerId is null ? AllListPartition : OfferListPartition(offerId);
        long count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"], cancellationToken: ct))
        {
            count++;
        }

        return count;
    }

    public async Task<BatchProgress> GetProgressAsync(string offerId, string batchId, CancellationToken ct)
    {
        if (!TableKeys.IsValid(offerId))
        {
            return BatchProgress.None;
        }

        var table = await tables.GetAsync(LeadTables.Leads, ct);
        var prefix = LeadKeys.ProgressPrefixFor(batchId);
        var partitions = await offers.GetLeadPartitionsAsync(offerId, ct);
        var shards = await Task.WhenAll(partitions.All.Select(partition => table
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {LeadKeys.PrefixEnd(prefix)}"), cancellationToken: ct)
            .ToListAsync(ct).AsTask()));
        long scored = 0, failed = 0, high = 0, medium = 0, low = 0, removed = 0, marked = 0;
        DateTimeOffset? last = null;
        foreach (var shard in shards.SelectMany(s => s))
        {
            scored += shard.GetInt64("Scored") ?? 0;
            failed += shard.GetInt64("Failed") ?? 0;
            high += shard.GetInt64("High") ?? 0;
            medium += shard.GetInt64("Medium") ?? 0;
            low += shard.GetInt64("Low") ?? 0;
            removed += shard.GetInt64("Removed") ?? 0;
            marked += shard.GetInt64(BatchProgress.MarkedCounter) ?? 0;
            if (shard.Timestamp > last || last is null)
            {
                last = shard.Timestamp;
            }
        }

        return new BatchProgress(scored, failed, high, medium, low, removed, marked, last);
    }

    /// <summary>
    /// The batch lists, in the batches table beside the batch partitions (batch ids start with <c>b</c>): one partition
    /// per offer and one for every offer, keyed newest first, so listing reads a key range instead of the table.
    /// </summary>
    private const string AllListPartition = "list";

    private static string OfferListPartition(string offerId) => $"list-{offerId}";

    /// <summary>A blob outside any offer's folder still becomes a (failed) batch, listed among all batches.</summary>
    private static string[] ListPartitions(string offerId) =>
        TableKeys.IsValid(offerId) ? [AllListPartition, OfferListPartition(offerId)] : [AllListPartition];

    private static IEnumerable<TableEntity> ListEntries(BatchEntity batch) =>
        ListPartitions(batch.OfferId).Select(p => new TableEntity(p, batch.ListKey)
        {
            ["BatchId"] = batch.BatchId,
            ["OfferId"] = batch.OfferId,
        });

    private static async Task DeleteListEntriesAsync(TableClient table, string offerId, string listKey, CancellationToken ct)
    {
        foreach (var partition in ListPartitions(offerId))
        {
            try
            {
                await table.DeleteEntityAsync(partition, listKey, ETag.All, ct);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Already gone.
            }
        }
    }

    /// <summary>Errors sort by row; the batch-level error (no row) comes first.</summary>
    private static string ErrorKey(long? row) => row is long r ? $"{ErrorPrefix}{r:D12}" : $"{ErrorPrefix}000000000000-batch";
}
