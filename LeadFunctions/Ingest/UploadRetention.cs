using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Ingest;

/// <summary>
/// Uploaded CSVs hold personal data: once its batch is ingested (or failed) a CSV is kept for <c>KeepUploadsFor</c>,
/// then deleted by a delayed operations-queue message; with zero it is deleted at once.
/// </summary>
public sealed class UploadRetention(OperationStore operations, TimeProvider time, IOptions<LeadScoringOptions> options)
{
    public async Task BatchDoneAsync(BlobClient blob, ETag version, CancellationToken ct)
    {
        var keep = options.Value.KeepUploadsFor;
        if (keep <= TimeSpan.Zero)
        {
            try
            {
                await blob.DeleteIfExistsAsync(conditions: new() { IfMatch = version }, cancellationToken: ct);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Rewritten meanwhile: that version is its own batch and is deleted when that one is done.
            }

            return;
        }

        await operations.SendAsync(
            new OperationMessage(OperationMessage.NewId(), OperationKinds.ExpireUpload, Blob: blob.Name, BlobETag: version.ToString(), NotBefore: time.GetUtcNow() + keep),
            keep,
            ct);
    }
}
