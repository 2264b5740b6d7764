using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Operations;

/// <summary>
/// Runs one operations-queue message. Every kind is safe to run again: a run killed midway is delivered again by the
/// queue and picks up where its status says it got to; a message delivered after its operation completed does nothing.
/// </summary>
public sealed class OperationRunner(
    OperationStore operations,
    LeadRequeuer requeuer,
    OfferDeleter deleter,
    UploadsContainer uploads,
    TimeProvider time,
    IOptions<LeadScoringOptions> options,
    ILogger<OperationRunner> logger)
{
    public async Task RunAsync(OperationMessage message, long dequeueCount, CancellationToken ct)
    {
        if (message.Kind == OperationKinds.ExpireUpload)
        {
            await ExpireUploadAsync(message, ct);
            return;
        }

        var operation = await operations.GetAsync(message.OperationId, ct) ?? OperationEntity.From(message, time.GetUtcNow());
        if (operation.Status is OperationStatus.Completed or OperationStatus.Failed)
        {
            return;
        }

        operation.Status = OperationStatus.Running;
        await operations.SaveAsync(operation, ct);
        try
        {
            var done = message.Kind == OperationKinds.Score ? await ScoreAsync(operation, ct) : await DeleteOfferAsync(message, ct);
            if (done)
            {
                operation.Status = OperationStatus.Completed;
                operation.CompletedAt = time.GetUtcNow();
                await operations.SaveAsync(operation, ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException && dequeueCount >= options.Value.MaxDequeueCount)
        {
            logger.LogError(ex, "Operation {OperationId} ({Kind}) failed on its last delivery", operation.Id, operation.Kind);
            operation.Status = OperationStatus.Failed;
            operation.Error = "The operation kept failing and was stopped; see the app's logs. Send the request again to retry it.";
            operation.CompletedAt = time.GetUtcNow();
            await operations.SaveAsync(operation, ct);
        }
    }

    private async Task<bool> ScoreAsync(OperationEntity operation, CancellationToken ct)
    {
        await requeuer.RequeueAsync(
            new LeadFilter(operation.OfferId, operation.BatchId, null, null),
            operation.Rescore,
            operation.Checkpoint,
            async (checkpoint, queued, token) =>
            {
                operation.Checkpoint = checkpoint;
                operation.LeadsQueued += queued;
                await operations.SaveAsync(operation, token);
            },
            ct);
        return true;
    }

    /// <summary>The first sweep queues the last one; only that one completes the operation.</summary>
    private async Task<bool> DeleteOfferAsync(OperationMessage message, CancellationToken ct)
    {
        var final = message.Phase == OperationMessage.FinalPhase;
        await deleter.PurgeAsync(message.OfferId!, final, ct);
        if (!final)
        {
            await operations.SendAsync(message with { Phase = OperationMessage.FinalPhase }, options.Value.DeletionSweepDelay, ct);
        }

        return final;
    }

    private async Task ExpireUploadAsync(OperationMessage message, CancellationToken ct)
    {
        if (message.NotBefore is { } notBefore && notBefore > time.GetUtcNow())
        {
            await operations.SendAsync(message, notBefore - time.GetUtcNow(), ct);
            return;
        }

        try
        {
            // Only the version that was ingested: a rewrite of the same name is another batch with its own keep time.
            await uploads.Client.DeleteBlobIfExistsAsync(message.Blob, conditions: new() { IfMatch = new ETag(message.BlobETag!) }, cancellationToken: ct);
            logger.LogInformation("Deleted uploaded CSV {Blob}: its keep time is over", message.Blob);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            logger.LogInformation("Uploaded CSV {Blob} was rewritten since; the new version keeps its own time", message.Blob);
        }
    }
}
