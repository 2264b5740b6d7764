using Azure.Storage.Blobs.Models;
namespace LeadFunctions.LocalHost.Events;

/// <summary>
/// Whether a blob needs no BlobCreated event: its batch (same id as ingest gives it) has finished ingesting, or ingest
/// has started on it — then an event was accepted before, and the blob trigger's own queue retries it. A batch the
/// upload route created and nothing has ingested yet still gets its event.
/// </summary>
public sealed class IngestedBlobs(UploadsContainer uploads, BlobBatches batches)
{
    public async Task<bool> ContainsAsync(BlobItem blob, CancellationToken ct)
    {
        if (blob.Properties.ETag is not { } eTag)
        {
            return false;
        }

        var batch = await batches.FindAsync(uploads.Name, blob.Name, eTag, ct);
        return batch is not null && (batch.Status != BatchStatus.Ingesting || batch.IngestAttempts > 0);
    }
}
