using Azure;
namespace LeadFunctions.Ingest;

/// <summary>
/// Finds the batch a blob version belongs to, judged by where the blob is: an uploaded blob keeps the batch the upload
/// route created for it only while that batch names this very blob (container and path; a later version of it, such
/// as the trigger firing again after a metadata change, is the same upload). A copy into another folder is a batch of
/// its own for the offer its path names, whatever metadata it carries.
/// </summary>
public sealed class BlobBatches(BatchRepository batches, TimeProvider time)
{
    public const string HttpSource = "http";
    public const string BlobSource = "blob";

    /// <summary>The blob version's batch if one exists yet.</summary>
    public async Task<BatchEntity?> FindAsync(string container, string blobName, ETag etag, CancellationToken ct) =>
        await UploadedAsync(container, blobName, ct)
        ?? await batches.GetAsync(BatchIds.ForBlob(container, blobName, etag), ct);

    /// <summary>The blob version's batch, created (source <c>blob</c>) when it has none.</summary>
    public async Task<BatchEntity> GetOrCreateAsync(string container, string blobName, string offerId, ETag etag, CancellationToken ct)
    {
        if (await UploadedAsync(container, blobName, ct) is { } uploaded)
        {
            return uploaded;
        }

        return await batches.GetOrCreateAsync(new BatchEntity
        {
            BatchId = BatchIds.ForBlob(container, blobName, etag),
            OfferId = offerId,
            Source = BlobSource,
            Blob = $"{container}/{blobName}",
            CreatedAt = time.GetUtcNow(),
        }, ct);
    }

    private async Task<BatchEntity?> UploadedAsync(string container, string blobName, CancellationToken ct)
    {
        if (BatchIds.NamedByUpload(blobName) is not { } candidate)
        {
            return null;
        }

        var batch = await batches.GetAsync(candidate, ct);
        return batch is { Source: HttpSource } && batch.Blob == $"{container}/{blobName}" ? batch : null;
    }
}
