using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Ingest;

/// <summary>
/// The segments of a batch's file and the batch header they add up to. Every header change here is a read, change
/// and write guarded by the header's ETag, because segments of one batch finish in parallel; a segment's results and
/// the header's counters change in one transaction, so a segment run again (a redelivered message, a killed run)
/// never counts twice. The batch moves to <c>scoring</c> once planning is complete and every segment is recorded.
/// </summary>
public sealed class BatchSegments(
    LeadTables tables,
    BatchRepository batches,
    OfferRepository offers,
    BlobServiceClient blobs,
    UploadRetention retention,
    Callbacks.BatchCallbacks callbacks,
    TimeProvider time,
    ILogger<BatchSegments> logger)
{
    private const int MaxAttempts = 50;

    public async Task<SegmentEntity?> GetAsync(string batchId, int segment, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        return await LeadPartitionWriter.GetAsync<SegmentEntity>(table, batchId, SegmentEntity.Key(segment), ct);
    }

    /// <summary>The numbers of the batch's planned segments not yet recorded.</summary>
    public async Task<IReadOnlyList<int>> UnfinishedAsync(string batchId, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {batchId} and RowKey ge {SegmentEntity.Prefix} and RowKey lt {LeadKeys.PrefixEnd(SegmentEntity.Prefix)} and Done eq false");
        var unfinished = new List<int>();
        await foreach (var segment in table.QueryAsync<SegmentEntity>(filter, select: ["RowKey", "Done"], cancellationToken: ct))
        {
            unfinished.Add(int.Parse(segment.RowKey.AsSpan(SegmentEntity.Prefix.Length), System.Globalization.CultureInfo.InvariantCulture));
        }

        return unfinished;
    }

    /// <summary>How long a segment run holds its segment unless it renews the hold (<see cref="MarkSentAsync"/>).</summary>
    public static readonly TimeSpan RunLease = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Holds <paramref name="segment"/> (as just read) for the run <paramref name="runId"/>; false when another run holds
    /// it, or took it first. A run that dies keeps it only until its lease ends.
    /// </summary>
    public async Task<bool> TryClaimAsync(SegmentEntity segment, string runId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (segment.RunningUntil > now && segment.RunId != runId)
        {
            return false;
        }

        try
        {
            await SetRunAsync(segment.PartitionKey, segment.RowKey, segment.ETag, new() { ["RunId"] = runId, ["RunningUntil"] = now + RunLease }, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Lets the segment go at once (a run that failed), so that the retry of its message runs it.</summary>
    public Task ReleaseAsync(string batchId, int index, CancellationToken ct) =>
        SetRunAsync(batchId, SegmentEntity.Key(index), ETag.All, new() { ["RunningUntil"] = DateTimeOffset.MinValue }, ct);

    /// <summary>A run has written and queued the leads of the segment's rows through <paramref name="line"/>; renews its hold.</summary>
    public Task MarkSentAsync(string batchId, int index, string runId, long line, CancellationToken ct) =>
        SetRunAsync(batchId, SegmentEntity.Key(index), ETag.All,
            new() { ["RunId"] = runId, ["RunningUntil"] = time.GetUtcNow() + RunLease, ["SentThroughLine"] = line }, ct);

    private async Task SetRunAsync(string batchId, string rowKey, ETag etag, Dictionary<string, object> values, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        try
        {
            // A merge never creates the segment again once an offer deletion removed the batch's partition.
            await table.UpdateEntityAsync(new TableEntity(values) { PartitionKey = batchId, RowKey = rowKey }, etag, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new BatchDeletedException(batchId);
        }
    }

    /// <summary>Adds the planned segments; one already there (a planning step run again) is left as it is.</summary>
    public async Task AddAsync(string batchId, IEnumerable<SegmentEntity> segments, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        await Task.WhenAll(segments.Select(async segment =>
        {
            segment.PartitionKey = batchId;
            try
            {
                await table.AddEntityAsync(segment, ct);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
            }
        }));
    }

    /// <summary>
    /// After writing into a batch's partition (segments, rejected rows): if the offer was deleted meanwhile, removes the
    /// partition again. An offer is a tombstone before its deletion sweeps, so either the sweep comes after the write
    /// and removes it, or this check sees the tombstone.
    /// </summary>
    public async Task RemoveIfOfferDeletedAsync(string offerId, string batchId, CancellationToken ct)
    {
        if (await offers.IsDeletedAsync(offerId, ct))
        {
            await TablePartitions.DeleteAsync(await tables.GetAsync(LeadTables.Batches, ct), batchId, ct);
            throw new OfferDeletedException(offerId);
        }
    }

    /// <summary>Records what a segment counted, once; false when it was already recorded or the batch is no longer ingesting.</summary>
    public async Task<bool> RecordAsync(string batchId, int index, SegmentEntity results, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        for (var attempt = 1; ; attempt++)
        {
            var header = await batches.GetAsync(batchId, ct);
            var segment = await GetAsync(batchId, index, ct);
            if (header is not { Status: BatchStatus.Ingesting } || segment is null || segment.Done)
            {
                return false;
            }

            segment.Done = true;
            (segment.Rows, segment.Accepted, segment.Rejected, segment.Duplicates) = (results.Rows, results.Accepted, results.Rejected, results.Duplicates);
            header.RowsTotal += results.Rows;
            header.RowsAccepted += results.Accepted;
            header.RowsRejected += results.Rejected;
            header.Duplicates += results.Duplicates;
            header.SegmentsDone++;
            await CompleteIfDoneAsync(header, ct);
            if (await TrySubmitAsync(table, [segment, header], attempt, ct))
            {
                await AfterStatusChangeAsync(header, ct);
                return true;
            }
        }
    }

    /// <summary>Planning reached the end of the file with <paramref name="count"/> segments.</summary>
    public async Task PlannedAsync(string batchId, int count, CancellationToken ct)
    {
        await UpdateHeaderAsync(batchId, async header =>
        {
            if (header.SegmentsPlanned is not null)
            {
                return false;
            }

            header.SegmentsPlanned = count;
            await CompleteIfDoneAsync(header, ct);
            return true;
        }, ct);
    }

    /// <summary>Ends an ingesting batch as failed with <paramref name="reason"/>; a batch already ended is left alone.</summary>
    public Task FailAsync(string batchId, string reason, CancellationToken ct) =>
        UpdateHeaderAsync(batchId, header =>
        {
            header.Status = BatchStatus.Failed;
            header.FailureReason = reason;
            header.IngestedAt = time.GetUtcNow();
            logger.LogWarning("Batch {BatchId} ({Blob}) failed: {Reason}", header.BatchId, header.Blob, reason);
            return Task.FromResult(true);
        }, ct);

    /// <summary>Applies a change to an ingesting batch's header; <paramref name="change"/> answers false to leave it as it is.</summary>
    public async Task UpdateHeaderAsync(string batchId, Func<BatchEntity, Task<bool>> change, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Batches, ct);
        for (var attempt = 1; ; attempt++)
        {
            var header = await batches.GetAsync(batchId, ct);
            if (header is not { Status: BatchStatus.Ingesting })
            {
                if (attempt == 1 && header is not null)
                {
                    await EndedAlreadyAsync(header, ct);
                }

                return;
            }

            if (!await change(header))
            {
                return;
            }

            if (await TrySubmitAsync(table, [header], attempt, ct))
            {
                await AfterStatusChangeAsync(header, ct);
                return;
            }
        }
    }

    /// <summary>
    /// When this change makes every planned segment recorded: the exact counts. Each segment counted duplicates within
    /// itself only; the distinct leads of the whole file are the batch markers its segments added (<see cref="BatchProgress.Marked"/>),
    /// and the rest of its valid rows are duplicates. Rejected rows beyond the stored entries are the ones not listed.
    /// </summary>
    private async Task CompleteIfDoneAsync(BatchEntity header, CancellationToken ct)
    {
        if (header.SegmentsPlanned is not { } planned || header.SegmentsDone < planned)
        {
            return;
        }

        var distinct = (await batches.GetProgressAsync(header.OfferId, header.BatchId, ct)).Marked;
        header.RowsAccepted = distinct;
        header.Duplicates = header.RowsTotal - header.RowsRejected - distinct;
        header.ErrorsNotListed = Math.Max(0, header.RowsRejected - (await batches.GetErrorsAsync(header.BatchId, ct)).Count);
        header.Status = BatchStatus.Scoring;
        header.IngestedAt = time.GetUtcNow();
        logger.LogInformation(
            "Batch {BatchId}: {Total} rows, {Accepted} accepted, {Rejected} rejected, {Duplicates} duplicates, in {Segments} segments",
            header.BatchId, header.RowsTotal, header.RowsAccepted, header.RowsRejected, header.Duplicates, planned);
    }

    private async Task<bool> TrySubmitAsync(TableClient table, IReadOnlyList<ITableEntity> entities, int attempt, CancellationToken ct)
    {
        try
        {
            await table.SubmitTransactionAsync(entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpdateReplace, e, e.ETag)), ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 && attempt < MaxAttempts)
        {
            // Another segment changed the header since we read it: read again.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 + (attempt * 10))), ct);
            return false;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404)
        {
            throw new BatchDeletedException(entities[0].PartitionKey);
        }
    }

    /// <summary>
    /// Ingest work that finds its batch ended (a retry of the run that ended it, or a late duplicate): the callback
    /// starts if that run died before starting it.
    /// </summary>
    public Task EndedAlreadyAsync(BatchEntity header, CancellationToken ct) => callbacks.IngestEndedBeforeAsync(header, ct);

    /// <summary>A batch that has ended starts its callback, and keeps its CSV only as long as uploads are kept.</summary>
    private async Task AfterStatusChangeAsync(BatchEntity header, CancellationToken ct)
    {
        if (header.Status == BatchStatus.Ingesting)
        {
            return;
        }

        await callbacks.IngestEndedAsync(header, ct);
        if (header.BlobETag is null || header.Blob.IndexOf('/') is not (> 0 and var slash))
        {
            return;
        }

        var blob = blobs.GetBlobContainerClient(header.Blob[..slash]).GetBlobClient(header.Blob[(slash + 1)..]);
        await retention.BatchDoneAsync(blob, new ETag(header.BlobETag), ct);
    }
}
