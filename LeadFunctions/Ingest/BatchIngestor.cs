using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LeadFunctions.Csv;
using LeadFunctions.Storage;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Ingest;

/// <summary>
/// Turns one CSV blob into a batch: streams and validates its rows, writes the accepted leads and queues them for
/// scoring, and records counts and rejected rows. Safe to run again on the same blob, even at the same time: the batch
/// id comes from the blob, one run at a time holds the batch (<see cref="ClaimAsync"/>), a finished batch is left
/// alone, and an interrupted one is redone without duplicating leads.
/// </summary>
public sealed class BatchIngestor(
    BatchRepository batches,
    BlobBatches blobBatches,
    OfferRepository offers,
    LeadChunkWriter chunkWriter,
    UploadRetention retention,
    Callbacks.BatchCallbacks callbacks,
    TimeProvider time,
    ILogger<BatchIngestor> logger)
{
    /// <summary>Chunks written at once: enough to keep storage busy, few enough to keep memory flat.</summary>
    public const int ParallelChunks = 8;

    /// <summary>The blob trigger tries a blob five times; on the last try a failure is recorded on the batch instead of thrown.</summary>
    public const int MaxAttempts = 5;

    /// <summary>A claim not renewed for this long belongs to a run that died; another run may take it over.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ClaimRenewal = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromSeconds(1);

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
        var batchId = header.BatchId;

        var claimId = Guid.NewGuid().ToString("N");
        if (await ClaimAsync(header, claimId, blobName, ct) is not { } claimed)
        {
            return;
        }

        header = claimed;
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewClaimAsync(header.BatchId, claimId, renewal.Token);
        try
        {
            if (await offers.IsDeletedAsync(offerId, ct))
            {
                await DiscardAsync(header, blob, ct);
                return;
            }

            var problem = pathProblem ?? (await offers.GetAsync(offerId, ct) is null
                ? $"No offer has the id '{offerId}'. Create the offer first, then write the file to {blob.BlobContainerName}/{{offer_id}}/{{name}}.csv."
                : null);
            if (problem is not null)
            {
                await FailAsync(header, problem, ct);
                return;
            }

            await using var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false)
            {
                Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
            }, ct);
            await IngestRowsAsync(header, stream, ct);
        }
        catch (Exception ex) when (ex is OfferDeletedException or BatchDeletedException)
        {
            await DiscardAsync(header, blob, ct);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && header.IngestAttempts >= MaxAttempts)
        {
            logger.LogError(ex, "Ingesting batch {BatchId} failed on its last attempt", batchId);
            await FailAsync(header, FailedAttemptsReason(header.IngestAttempts), ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // The blob was rewritten while we read it: the new version is its own batch.
            await FailAsync(header, "The blob was overwritten while it was being read; its new content is ingested as a new batch.", ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The trigger retries through its own queue; the retry may claim the batch at once.
            await ReleaseClaimAsync(header.BatchId, claimId);
            throw;
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }

        if (header.Status != BatchStatus.Ingesting)
        {
            await callbacks.IngestEndedAsync(header, ct);
            await retention.BatchDoneAsync(blob, properties.ETag, ct);
        }
    }

    /// <summary>
    /// Takes the batch for this run with an ETag-guarded write of its header, so two runs on the same blob (Event Grid
    /// delivers at least once, duplicates may arrive side by side) never ingest together: each would queue the leads
    /// it wrote, one message per lead becoming two. A run that finds the batch claimed waits for it to finish and then
    /// ends without queueing anything; a claim its holder stopped renewing (a killed process) is taken over. Null when
    /// there is nothing left for this run to do.
    /// </summary>
    private async Task<BatchEntity?> ClaimAsync(BatchEntity header, string claimId, string blobName, CancellationToken ct)
    {
        var waitUntil = time.GetUtcNow() + (2 * ClaimLease);
        while (true)
        {
            if (header.Status != BatchStatus.Ingesting)
            {
                logger.LogInformation("Batch {BatchId} for blob {Blob} was already ingested ({Status})", header.BatchId, blobName, header.Status);
                if (header.CallbackStatus is null or Callbacks.CallbackStatus.Pending && header.CallbackAttempts == 0)
                {
                    // The run that ended ingest may have died (or failed to queue) before starting the callback: the
                    // trigger's retry starts it. A watch already queued makes this one a duplicate, which delivery absorbs.
                    await callbacks.IngestEndedAsync(header, ct);
                }

                return null;
            }

            var now = time.GetUtcNow();
            if (header.IngestClaim is null || header.IngestClaimRenewedAt is not { } renewed || now - renewed > ClaimLease)
            {
                header.IngestClaim = claimId;
                header.IngestClaimRenewedAt = now;
                header.IngestAttempts++;
                if (await batches.TrySaveUnchangedAsync(header, ct))
                {
                    return header;
                }
            }
            else if (now >= waitUntil)
            {
                logger.LogInformation("Batch {BatchId} for blob {Blob} is being ingested by another run; this one ends", header.BatchId, blobName);
                return null;
            }
            else
            {
                await Task.Delay(ClaimPoll, time, ct);
            }

            if (await batches.GetAsync(header.BatchId, ct) is not { } current)
            {
                return null;
            }

            header = current;
        }
    }

    /// <summary>Keeps this run's claim fresh while it ingests; stops when the claim is gone or the run ends.</summary>
    private async Task RenewClaimAsync(string batchId, string claimId, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ClaimRenewal, time, ct);
                if (await batches.GetAsync(batchId, ct) is not { } current || current.IngestClaim != claimId || current.Status != BatchStatus.Ingesting)
                {
                    return;
                }

                current.IngestClaimRenewedAt = time.GetUtcNow();
                await batches.TrySaveUnchangedAsync(current, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Storage trouble: the ingest itself will meet it too; an unrenewed claim only lets a retry take over sooner.
            logger.LogWarning(ex, "Renewing the ingest claim on batch {BatchId} failed", batchId);
        }
    }

    private async Task ReleaseClaimAsync(string batchId, string claimId)
    {
        try
        {
            if (await batches.GetAsync(batchId, CancellationToken.None) is { } current && current.IngestClaim == claimId)
            {
                current.IngestClaim = null;
                await batches.TrySaveUnchangedAsync(current, CancellationToken.None);
            }
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning(ex, "Releasing the ingest claim on batch {BatchId} failed; it lapses by itself", batchId);
        }
    }

    /// <summary>The offer was deleted before or while this ran: keep nothing of the blob, not even a failed batch.</summary>
    private async Task DiscardAsync(BatchEntity header, BlobClient blob, CancellationToken ct)
    {
        logger.LogInformation("Offer {OfferId} was deleted; discarding blob {Blob} and batch {BatchId}", header.OfferId, header.Blob, header.BatchId);
        await blob.DeleteIfExistsAsync(cancellationToken: ct);
        await batches.DeleteAsync(header.BatchId, ct);
    }

    private async Task IngestRowsAsync(BatchEntity header, Stream stream, CancellationToken ct)
    {
        using var reader = await LeadCsvReader.OpenAsync(stream, ct);
        if (reader.Problem is { } fileProblem)
        {
            await FailAsync(header, fileProblem.Message, ct);
            return;
        }

        long total = 0, accepted = 0, rejected = 0, duplicates = 0, notListed = 0;
        var seen = new LeadDuplicateDetector();
        var errors = new List<RowError>();
        var storedErrors = 0;
        var chunk = new List<IngestLead>(LeadPartitionWriter.MaxLeadsPerTransaction);
        var inFlight = new List<Task>();

        async Task FlushChunkAsync()
        {
            inFlight.Add(chunkWriter.WriteAsync(header.OfferId, header.BatchId, chunk, ct));
            chunk = new List<IngestLead>(LeadPartitionWriter.MaxLeadsPerTransaction);
            if (inFlight.Count >= ParallelChunks)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await foreach (var row in reader.ReadRowsAsync(ct))
        {
            total++;
            if (!row.IsAccepted)
            {
                rejected++;
                if (storedErrors + errors.Count < BatchRepository.MaxStoredErrors)
                {
                    errors.Add(new RowError(row.Line, row.Reason ?? "The row could not be read."));
                    if (errors.Count == 100)
                    {
                        storedErrors += await batches.AddErrorsAsync(header.BatchId, errors, ct);
                        errors.Clear();
                    }
                }
                else
                {
                    notListed++;
                }

                continue;
            }

            var lead = row.Lead!;
            if (!seen.TryAdd(lead))
            {
                duplicates++;
                continue;
            }

            accepted++;
            chunk.Add(new IngestLead(LeadIds.Create(header.OfferId, LeadIdentity.Id(lead)), lead));
            if (chunk.Count == LeadPartitionWriter.MaxLeadsPerTransaction)
            {
                await FlushChunkAsync();
            }
        }

        if (chunk.Count > 0)
        {
            await FlushChunkAsync();
        }

        await Task.WhenAll(inFlight);
        await batches.AddErrorsAsync(header.BatchId, errors, ct);

        header.RowsTotal = total;
        header.RowsAccepted = accepted;
        header.RowsRejected = rejected;
        header.Duplicates = duplicates;
        header.ErrorsNotListed = notListed;
        header.Status = BatchStatus.Scoring;
        header.IngestClaim = null;
        header.IngestedAt = time.GetUtcNow();
        await batches.SaveAsync(header, ct);
        logger.LogInformation(
            "Batch {BatchId}: {Total} rows, {Accepted} accepted, {Rejected} rejected, {Duplicates} duplicates",
            header.BatchId, total, accepted, rejected, duplicates);
    }

    /// <summary>For the user: the exception itself (storage addresses, SDK internals) is in the log, under the batch id.</summary>
    internal static string FailedAttemptsReason(int attempts) =>
        $"The file could not be read into leads: {attempts} attempts failed because of an error on the server's side. Upload it again; if that fails too, the app's logs say what went wrong for this batch.";

    private async Task FailAsync(BatchEntity header, string reason, CancellationToken ct)
    {
        header.Status = BatchStatus.Failed;
        header.IngestClaim = null;
        header.FailureReason = reason;
        header.IngestedAt = time.GetUtcNow();
        await batches.SaveAsync(header, ct);
        logger.LogWarning("Batch {BatchId} ({Blob}) failed: {Reason}", header.BatchId, header.Blob, reason);
    }
}
