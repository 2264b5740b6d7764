using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Ingest;

/// <summary>
/// Turns one CSV blob into a batch, in bounded pieces: the blob trigger only checks the file's header (a header problem
/// fails the batch at once) and runs the first planning step (<see cref="SegmentPlanner"/>, bounded like every step),
/// which cuts the file into segments that separate invocations ingest in parallel (<see cref="SegmentIngestor"/>) and
/// queues the next step; a file of one segment is ingested by the blob trigger's run too. Safe to run again on the
/// same blob, even at the same time: the batch id comes from the blob, a finished batch is left alone, and every step
/// after this one is idempotent.
/// </summary>
public sealed class BatchIngestor(
    BlobBatches blobBatches,
    BatchRepository batches,
    BatchSegments segments,
    OfferRepository offers,
    SegmentPlanner planner,
    SegmentIngestor ingestor,
    IngestQueue queue,
    Callbacks.BatchCallbacks callbacks,
    ILogger<BatchIngestor> logger)
{
    /// <summary>The blob trigger tries a blob five times; on the last try a failure is recorded on the batch instead of thrown.</summary>
    public const int MaxAttempts = 5;

    public async Task IngestAsync(BlobClient blob, string blobName, CancellationToken ct)
    {
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            logger.LogInformation("Blob {Blob} was deleted before it could be ingested", blobName);
            return;
        }

        var (offerId, pathProblem) = UploadBlobPath.Parse(blobName);
        var header = await blobBatches.GetOrCreateAsync(blob.BlobContainerName, blobName, offerId, properties.ETag, ct);
        if (header.Status != BatchStatus.Ingesting)
        {
            logger.LogInformation("Batch {BatchId} for blob {Blob} was already ingested ({Status})", header.BatchId, blobName, header.Status);
            // The run that ended ingest may have died (or failed to queue) before starting the callback: the
            // trigger's retry starts it.
            await callbacks.IngestEndedBeforeAsync(header, ct);
            return;
        }

        if (header.PlanQueued)
        {
            await ResumeAsync(header, properties.ETag, ct);
            return;
        }

        header.IngestAttempts++;
        header.BlobETag = properties.ETag.ToString();
        try
        {
            if (!await batches.TrySaveUnchangedAsync(header, ct))
            {
                // Another run of this trigger got here first; the blob trigger's own retry covers a run that died.
                return;
            }

            if (await offers.IsDeletedAsync(offerId, ct))
            {
                await DiscardAsync(header, blob, ct);
                return;
            }

            var problem = pathProblem ?? (await offers.GetAsync(offerId, ct) is null
                ? $"No offer has the id '{offerId}'. Create the offer first, then write the file to {blob.BlobContainerName}/{{offer_id}}/{{name}}.csv."
                : null);
            problem ??= await ReadHeaderAsync(header, blob, properties.ETag, ct);
            if (problem is not null)
            {
                await segments.FailAsync(header.BatchId, problem, ct);
                return;
            }

            // The file's layout first, then the first planning step (it reads the layout; the rest of planning is queued),
            // then the mark that planning is under way. A run that dies in between is retried and plans again, harmlessly.
            await segments.UpdateHeaderAsync(header.BatchId, current =>
            {
                (current.DataStart, current.DataStartLine, current.WholeFile) = (header.DataStart, header.DataStartLine, header.WholeFile);
                return Task.FromResult(true);
            }, ct);
            var segmentCount = await planner.PlanAsync(new IngestMessage(header.BatchId, IngestMessage.Plan, 0, header.DataStart, header.DataStartLine), ct);
            await segments.UpdateHeaderAsync(header.BatchId, current =>
            {
                current.PlanQueued = true;
                return Task.FromResult(true);
            }, ct);
            if (segmentCount == 1)
            {
                // A file of one segment (most uploads) is ingested here rather than after the ingest queue's next poll;
                // this run is still one bounded slice, and the segment's queued message stays the fallback.
                await ingestor.TryIngestNowAsync(header.BatchId, 0, ct);
            }
        }
        catch (Exception ex) when (ex is OfferDeletedException or BatchDeletedException)
        {
            await DiscardAsync(header, blob, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && header.IngestAttempts >= MaxAttempts)
        {
            logger.LogError(ex, "Ingesting batch {BatchId} failed on its last attempt", header.BatchId);
            await segments.FailAsync(header.BatchId, FailedAttemptsReason(header.IngestAttempts), ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // The blob was rewritten while we read it: the new version is its own batch.
            await segments.FailAsync(header.BatchId, OverwrittenReason, ct);
        }
    }

    /// <summary>
    /// The blob's event again while its batch ingests (a duplicate event, or the upload written again to retry it now
    /// rather than when a dead instance's queue leases run out): queues again what is not done — planning if it is
    /// unfinished, else every segment not yet recorded. Both are idempotent. An uploaded blob written again (new
    /// metadata) is the same upload, so its reads follow the new version.
    /// </summary>
    private async Task ResumeAsync(BatchEntity header, ETag etag, CancellationToken ct)
    {
        if (header.Source == BlobBatches.HttpSource && header.BlobETag != etag.ToString())
        {
            await segments.UpdateHeaderAsync(header.BatchId, current =>
            {
                current.BlobETag = etag.ToString();
                return Task.FromResult(true);
            }, ct);
        }

        if (header.SegmentsPlanned is null)
        {
            await planner.PlanAsync(new IngestMessage(header.BatchId, IngestMessage.Plan, 0, header.DataStart, header.DataStartLine), ct);
            return;
        }

        var unfinished = await segments.UnfinishedAsync(header.BatchId, ct);
        await queue.SendAsync(unfinished.Select(i => new IngestMessage(header.BatchId, IngestMessage.Ingest, i)), ct);
        logger.LogInformation("Batch {BatchId}: {Count} unfinished segments queued again", header.BatchId, unfinished.Count);
    }

    public const string OverwrittenReason = "The blob was overwritten while it was being read; its new content is ingested as a new batch.";

    /// <summary>
    /// Checks the header and finds where the data starts (a header problem is returned); a file in UTF-16 or UTF-32, or
    /// whose first record is over-long, is read as one segment, since byte offsets of its records are not known.
    /// </summary>
    private static async Task<string?> ReadHeaderAsync(BatchEntity header, BlobClient blob, ETag etag, CancellationToken ct)
    {
        await using var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false)
        {
            Conditions = new BlobRequestConditions { IfMatch = etag },
            BufferSize = 64 * 1024,
        }, ct);
        var bom = new byte[4];
        var bomLength = await stream.ReadAtLeastAsync(bom, bom.Length, throwOnEndOfStream: false, ct);
        var wide = bomLength >= 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF))
            || (bomLength == 4 && bom[0] == 0 && bom[1] == 0 && bom[2] == 0xFE && bom[3] == 0xFF);
        using var reader = await LeadCsvReader.OpenAsync(new PrefixedReadStream(bom.AsMemory(0, bomLength), stream), ct);
        if (reader.Problem is { } fileProblem)
        {
            return fileProblem.Message;
        }

        await foreach (var first in reader.ReadRowsAsync(ct))
        {
            header.WholeFile = wide || first.Rejection == CsvRowRejection.RecordTooLong;
            break;
        }

        (header.DataStart, header.DataStartLine) = reader.FirstRecord;
        return null;
    }

    /// <summary>The offer was deleted before or while this ran: keep nothing of the blob, not even a failed batch.</summary>
    private async Task DiscardAsync(BatchEntity header, BlobClient blob, CancellationToken ct)
    {
        logger.LogInformation("Offer {OfferId} was deleted; discarding blob {Blob} and batch {BatchId}", header.OfferId, header.Blob, header.BatchId);
        await blob.DeleteIfExistsAsync(cancellationToken: ct);
        await batches.DeleteAsync(header.BatchId, ct);
    }

    /// <summary>For the user: the exception itself (storage addresses, SDK internals) is in the log, under the batch id.</summary>
    internal static string FailedAttemptsReason(int attempts) =>
        $"The file could not be read into leads: {attempts} attempts failed because of an error on the server's side. Upload it again; if that fails too, the app's logs say what went wrong for this batch.";
}
