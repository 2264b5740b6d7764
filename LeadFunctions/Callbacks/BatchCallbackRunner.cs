using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Callbacks;

/// <summary>
/// Runs one webhook-queue message: looks whether the batch has ended (and looks again later if not), or makes one
/// delivery attempt and records it on the batch header. At least once: a message that dies mid-attempt comes back
/// (same message id) and attempts again. Duplicates are rare: an attempt is claimed on the header (ETag-guarded,
/// under the message id), so a second message for the same attempt stands aside.
/// </summary>
public sealed class BatchCallbackRunner(
    BatchRepository batches,
    BatchViewBuilder views,
    WebhookQueue queue,
    CallbackSender sender,
    TimeProvider time,
    IOptions<LeadScoringOptions> options,
    ILogger<BatchCallbackRunner> logger)
{
    /// <summary>Header writes retried on ETag conflicts before the message is left to come back.</summary>
    private const int MaxWriteTries = 5;

    private readonly CallbackSchedule _schedule = new(options.Value);

    public async Task RunAsync(BatchCallbackMessage message, string messageId, CancellationToken ct)
    {
        if (await PendingAsync(message.BatchId, ct) is not { } header)
        {
            return;
        }

        if (message.Attempt == 0)
        {
            if (await views.GetSummaryAsync(message.BatchId, ct) is not { } summary)
            {
                return;
            }

            if (summary.Status is not (BatchStatus.Completed or BatchStatus.Failed))
            {
                await WatchAgainAsync(header, message, ct);
                return;
            }

            message = message with { Attempt = 1 };
        }

        if (await ClaimAsync(header, message, messageId, ct) is not { } claimed)
        {
            return;
        }

        await AttemptAsync(claimed, message, messageId, ct);
    }

    private async Task WatchAgainAsync(BatchEntity header, BatchCallbackMessage message, CancellationToken ct)
    {
        var ingestEnded = header.IngestedAt ?? header.CreatedAt;
        if (_schedule.KeepWatching(ingestEnded, time.GetUtcNow()))
        {
            await queue.SendAsync(message with { Round = message.Round + 1 }, _schedule.WatchDelay(message.Round + 1), ct);
            return;
        }

        var limit = options.Value.WebhookWatchFor;
        await UpdateAsync(header.BatchId, h => h.CallbackStatus == CallbackStatus.Pending && h.CallbackAttempts == 0, h =>
        {
            h.CallbackStatus = CallbackStatus.Failed;
            h.CallbackLastError = $"The batch had not ended {limit} after its ingest ended (LeadScoring__WebhookWatchFor); no call was made.";
        }, ct);
        logger.LogWarning("Batch {BatchId} did not end within {Limit}; its callback was given up", header.BatchId, limit);
    }

    /// <summary>
    /// Takes attempt <c>message.Attempt</c> for this message, or finds that it has it already (a redelivery): the
    /// claimed header, or null when another message holds the attempt or this one has recorded its outcome.
    /// </summary>
    private async Task<BatchEntity?> ClaimAsync(BatchEntity header, BatchCallbackMessage message, string messageId, CancellationToken ct)
    {
        for (var tries = 0; tries < MaxWriteTries; tries++)
        {
            if (header.CallbackAttempts >= message.Attempt)
            {
                if (header.CallbackAttemptBy != messageId)
                {
                    logger.LogInformation("Batch {BatchId}: callback attempt {Attempt} is another message's; this duplicate ends", header.BatchId, message.Attempt);
                    return null;
                }

                if (header.CallbackAttemptFinished)
                {
                    // Cut short after recording the outcome: only the next attempt may be missing.
                    await ScheduleNextAsync(header, message, ct);
                    return null;
                }

                return header;
            }

            header.CallbackAttempts = message.Attempt;
            header.CallbackAttemptBy = messageId;
            header.CallbackAttemptFinished = false;
            header.CallbackFirstAttemptAt ??= time.GetUtcNow();
            header.CallbackEvent ??= header.Status == BatchStatus.Failed ? BatchStatus.Failed : BatchStatus.Completed;
            if (await batches.TrySaveUnchangedAsync(header, ct))
            {
                return header;
            }

            if (await PendingAsync(header.BatchId, ct) is not { } current)
            {
                return null;
            }

            header = current;
        }

        throw new InvalidOperationException($"Batch {header.BatchId}: the callback attempt could not be claimed; the message is retried.");
    }

    private async Task AttemptAsync(BatchEntity header, BatchCallbackMessage message, string messageId, CancellationToken ct)
    {
        if (await views.GetAsync(header.BatchId, ct) is not { } view)
        {
            return;
        }

        var secret = options.Value.WebhookSecret;
        var batchEvent = header.CallbackEvent!;
        var outcome = string.IsNullOrWhiteSpace(secret)
            ? new CallbackSender.Outcome(false, null, $"No call was made: the app has no signing secret ({CallbackUrlPolicy.SecretSetting}).")
            : await sender.PostAsync(
                header.CallbackUrl!,
                JsonSerializer.SerializeToUtf8Bytes(view, JsonDefaults.Options),
                CallbackSignature.DeliveryId(header.BatchId, batchEvent),
                CallbackSignature.EventName(batchEvent),
                ct);

        var now = time.GetUtcNow();
        var giveUp = !outcome.Delivered
            && (string.IsNullOrWhiteSpace(secret) || !_schedule.MayRetryAt(header.CallbackFirstAttemptAt ?? now, now + _schedule.RetryDelay(message.Attempt)));
        var recorded = await UpdateAsync(header.BatchId, h => h.CallbackAttemptBy == messageId && h.CallbackAttempts == message.Attempt, h =>
        {
            h.CallbackAttemptFinished = true;
            h.CallbackLastStatus = outcome.Status;
            h.CallbackLastError = outcome.Error;
            if (outcome.Delivered)
            {
                h.CallbackStatus = CallbackStatus.Delivered;
                h.CallbackDeliveredAt = now;
            }
            else if (giveUp)
            {
                h.CallbackStatus = CallbackStatus.Failed;
            }
        }, ct);

        logger.LogInformation(
            "Batch {BatchId}: callback attempt {Attempt} {Outcome} ({Status} {Error})",
            header.BatchId, message.Attempt, outcome.Delivered ? "delivered" : giveUp ? "failed; giving up" : "failed; retrying", outcome.Status, outcome.Error);
        if (recorded is not null)
        {
            await ScheduleNextAsync(recorded, message, ct);
        }
    }

    private async Task ScheduleNextAsync(BatchEntity header, BatchCallbackMessage message, CancellationToken ct)
    {
        if (header.CallbackStatus == CallbackStatus.Pending)
        {
            await queue.SendAsync(message with { Attempt = message.Attempt + 1 }, _schedule.RetryDelay(message.Attempt), ct);
        }
    }

    /// <summary>The header if its callback is still pending; null when the batch is gone, has no callback or it is settled.</summary>
    private async Task<BatchEntity?> PendingAsync(string batchId, CancellationToken ct) =>
        await batches.GetAsync(batchId, ct) is { CallbackUrl: not null, CallbackStatus: CallbackStatus.Pending } header ? header : null;

    /// <summary>Applies <paramref name="change"/> to the current header while <paramref name="applies"/> holds, ETag-guarded; the saved header, or null.</summary>
    private async Task<BatchEntity?> UpdateAsync(string batchId, Func<BatchEntity, bool> applies, Action<BatchEntity> change, CancellationToken ct)
    {
        for (var tries = 0; tries < MaxWriteTries; tries++)
        {
            if (await batches.GetAsync(batchId, ct) is not { } header || !applies(header))
            {
                return null;
            }

            change(header);
            if (await batches.TrySaveUnchangedAsync(header, ct))
            {
                return header;
            }
        }

        throw new InvalidOperationException($"Batch {batchId}: the callback state could not be saved; the message is retried.");
    }
}
