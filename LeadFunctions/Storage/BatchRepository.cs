using Azure;
using Azure.Data.Tables;

namespace LeadFunctions.Storage;

/// <summary>Batch headers and rejected-row entries (batches table), and batch progress (the offer's partition of the leads table).</summary>
public sealed class BatchRepository(LeadTables tables)
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

    /// <summary>Creates the header, or returns the one already there (a trigger firing twice finds the first one's).</summary>
    public async Task<BatchEntity> GetOrCreateAsync(BatchEntity batch, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        batch.PartitionKey = batch.BatchId;
        batch.RowKey = BatchEntity.HeaderRowKey;
        try
        {
            var response = await table.AddEntityAsync(batch, ct);
            batch.ETag = response.Headers.ETag ?? default;
            return batch;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return (await GetAsync(batch.BatchId, ct))!;
        }
    }

    public async Task SaveAsync(BatchEntity batch, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        var response = await table.UpsertEntityAsync(batch, TableUpdateMode.Replace, ct);
        batch.ETag = response.Headers.ETag ?? default;
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

    /// <summary>Removes a batch header and its rejected-row entries.</summary>
    public async Task DeleteAsync(string batchId, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        await TablePartitions.DeleteAsync(table, batchId, ct);
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

    public async Task<IReadOnlyList<BatchEntity>> ListAsync(string? offerId, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        var filter = offerId is null
            ? TableClient.CreateQueryFilter($"RowKey eq {BatchEntity.HeaderRowKey}")
            : TableClient.CreateQueryFilter($"RowKey eq {BatchEntity.HeaderRowKey} and OfferId eq {offerId}");
        var batches = new List<BatchEntity>();
        await foreach (var b in table.QueryAsync<BatchEntity>(filter, cancellationToken: ct))
        {
            batches.Add(b);
        }

        return batches.OrderByDescending(b => b.CreatedAt).ThenBy(b => b.BatchId, StringComparer.Ordinal).ToList();
    }

    public async Task<BatchProgress> GetProgressAsync(string offerId, string batchId, CancellationToken ct)
    {
        if (!TableKeys.IsValid(offerId))
        {
            return BatchProgress.None;
        }

        var table = await tables.GetAsync(LeadTables.Leads, ct);
        var prefix = LeadKeys.ProgressPrefixFor(batchId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {offerId} and RowKey ge {prefix} and RowKey lt {LeadKeys.PrefixEnd(prefix)}");
        long scored = 0, failed = 0, high = 0, medium = 0, low = 0, removed = 0;
        DateTimeOffset? last = null;
        await foreach (var shard in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            scored += shard.GetInt64("Scored") ?? 0;
            failed += shard.GetInt64("Failed") ?? 0;
            high += shard.GetInt64("High") ?? 0;
            medium += shard.GetInt64("Medium") ?? 0;
            low += shard.GetInt64("Low") ?? 0;
            removed += shard.GetInt64("Removed") ?? 0;
            if (shard.Timestamp > last || last is null)
            {
                last = shard.Timestamp;
            }
        }

        return new BatchProgress(scored, failed, high, medium, low, removed, last);
    }

    /// <summary>Errors sort by row; the batch-level error (no row) comes first.</summary>
    private static string ErrorKey(long? row) => row is long r ? $"{ErrorPrefix}{r:D12}" : $"{ErrorPrefix}000000000000-batch";
}
