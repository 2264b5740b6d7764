using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Callbacks;

/// <summary>
/// Starts a batch's callback where its ingest ends: settles which URL it goes to (the upload's own, else the offer's
/// as it is now) and queues the first look at the batch, due after the watch delay. Batches without a URL cost one
/// offer read here and nothing after.
/// </summary>
public sealed class BatchCallbacks(
    BatchRepository batches,
    OfferRepository offers,
    WebhookQueue queue,
    IOptions<LeadScoringOptions> options,
    ILogger<BatchCallbacks> logger)
{
    /// <summary>
    /// Called again for a batch whose ingest ended earlier (a retry of the work that ended it): starts its callback
    /// unless it has started. The run that ended ingest may have died, or failed to queue, before starting it; a watch
    /// already queued makes this one a duplicate, which delivery absorbs.
    /// </summary>
    public Task IngestEndedBeforeAsync(BatchEntity header, CancellationToken ct) =>
        header.CallbackStatus is null or CallbackStatus.Pending && header.CallbackAttempts == 0 ? IngestEndedAsync(header, ct) : Task.CompletedTask;

    /// <summary>Called once ingest has moved the batch out of <c>ingesting</c> (to scoring or failed).</summary>
    public async Task IngestEndedAsync(BatchEntity header, CancellationToken ct)
    {
        try
        {
            if (header.CallbackUrl is null)
            {
                if (await offers.GetAsync(header.OfferId, ct) is not { CallbackUrl: { } offerUrl })
                {
                    return;
                }

                header.CallbackUrl = offerUrl;
                header.CallbackStatus = CallbackStatus.Pending;
                await batches.SaveAsync(header, ct);
            }

            await queue.SendAsync(new BatchCallbackMessage(header.BatchId), new CallbackSchedule(options.Value).WatchDelay(0), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Ingest itself is done and must not be redone for this; the batch shows its callback as pending with no attempt.
            logger.LogError(ex, "Could not start the callback of batch {BatchId}", header.BatchId);
        }
    }
}
