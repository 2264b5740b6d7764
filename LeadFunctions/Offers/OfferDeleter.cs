using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Offers;

/// <summary>What <c>DELETE /api/offer/{id}</c> did.</summary>
public enum OfferDeletionOutcome
{
    NotFound,

    /// <summary>The offer had nothing else: it is gone already.</summary>
    Deleted,

    /// <summary>Its leads, batches and CSVs are being removed in the background.</summary>
    Queued,
}

/// <summary>
/// Deletes an offer with everything of it — leads, index entries, tallies, markers, batches and uploaded CSVs — even
/// while a batch of it is being ingested or scored. The offer becomes a tombstone at once (no route, upload, ingest or
/// scoring run sees it any more), every one of its lead partitions is fenced (<see cref="OfferFence"/>) so that a write planned
/// before the delete cannot land after it, and the data is removed by a queued operation that sweeps once more after
/// <c>DeletionSweepDelay</c> and then lifts the fence. Deleting again re-runs the cleanup.
/// </summary>
public sealed class OfferDeleter(
    OfferRepository offers,
    BatchRepository batches,
    LeadTables tables,
    UploadsContainer uploads,
    OperationStore operations,
    ILogger<OfferDeleter> logger)
{
    public async Task<(OfferDeletionOutcome Outcome, OperationEntity? Operation)> DeleteAsync(string id, CancellationToken ct)
    {
        if (await offers.GetAsync(id, ct) is null && !await offers.IsDeletedAsync(id, ct))
        {
            return (OfferDeletionOutcome.NotFound, null);
        }

        if (!await HasDataAsync(id, ct))
        {
            // Anything written from here on (an upload racing this) meets the tombstone at ingest and is discarded.
            await offers.MarkDeletedAsync(id, ct);
            return (OfferDeletionOutcome.Deleted, null);
        }

        // The message first: a request cut short after it still gets the offer deleted, by the operation itself.
        var operation = await operations.StartAsync(new OperationMessage(OperationMessage.NewId(), OperationKinds.DeleteOffer, OfferId: id), ct);
        await offers.MarkDeletedAsync(id, ct);
        return (OfferDeletionOutcome.Queued, operation);
    }

    /// <summary>
    /// Removes the data of a deleted offer; idempotent, so a run killed midway is simply run again. With
    /// <paramref name="final"/> (the delayed last sweep), also lifts the fence.
    /// </summary>
    public async Task PurgeAsync(string offerId, bool final, CancellationToken ct)
    {
        var leads = await tables.GetAsync(LeadTables.Leads, ct);
        if (!final)
        {
            await offers.MarkDeletedAsync(offerId, ct);
        }

        // Read after the tombstone, which keeps the count once the offer is gone.
        var partitions = await offers.GetLeadPartitionsAsync(offerId, ct);
        if (!final)
        {
            await OfferFence.RaiseAsync(leads, partitions, ct);
        }

        // CSVs first, so no new ingest of this offer starts while the rest goes.
        await uploads.EnsureCreatedAsync(ct);
        await foreach (var blob in uploads.Client.GetBlobsAsync(new GetBlobsOptions { Prefix = offerId + "/" }, ct))
        {
            await uploads.Client.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: ct);
        }

        await batches.DeleteOfferBatchesAsync(offerId, ct);
        await DeleteLeadRowsAsync(leads, offerId, keepFence: !final, ct);
        logger.LogInformation("Deleted the data of offer {OfferId} ({Sweep} sweep)", offerId, final ? "final" : "first");
    }

    private async Task<bool> HasDataAsync(string offerId, CancellationToken ct)
    {
        var leads = await tables.GetAsync(LeadTables.Leads, ct);
        await foreach (var _ in leads.QueryAsync<TableEntity>(LeadPartitions.AnyPartitionFilter(offerId), maxPerPage: 1, select: ["RowKey"], cancellationToken: ct))
        {
            return true;
        }

        await uploads.EnsureCreatedAsync(ct);
        await foreach (var _ in uploads.Client.GetBlobsAsync(new GetBlobsOptions { Prefix = offerId + "/" }, ct))
        {
            return true;
        }

        return await batches.AnyAsync(offerId, ct);
    }

    /// <summary>Deletes the rows of every partition the offer's leads could be in, whatever its count says, 100 to a transaction.</summary>
    private static async Task DeleteLeadRowsAsync(TableClient table, string offerId, bool keepFence, CancellationToken ct)
    {
        // Rows come partition by partition; a transaction holds one partition's.
        var keys = new List<TableEntity>(100);
        await foreach (var entity in table.QueryAsync<TableEntity>(LeadPartitions.AnyPartitionFilter(offerId), select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            if (keepFence && OfferFence.IsShard(entity.RowKey))
            {
                continue;
            }

            if (keys.Count == 100 || (keys.Count > 0 && keys[0].PartitionKey != entity.PartitionKey))
            {
                await TablePartitions.DeleteKeysAsync(table, keys, ct);
                keys.Clear();
            }

            keys.Add(entity);
        }

        if (keys.Count > 0)
        {
            await TablePartitions.DeleteKeysAsync(table, keys, ct);
        }
    }
}
