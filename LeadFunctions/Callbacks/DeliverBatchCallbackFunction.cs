using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Callbacks;

/// <summary>Webhook-queue messages: watches a batch until it ends, then calls its callback URL (Callbacks/).</summary>
public sealed class DeliverBatchCallbackFunction(BatchCallbackRunner runner, ILogger<DeliverBatchCallbackFunction> logger)
{
    [Function("DeliverBatchCallback")]
    public async Task Run(
        [QueueTrigger(LeadScoringOptions.WebhookQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        if (WebhookQueue.Parse(message.MessageText) is not { } callback)
        {
            logger.LogWarning("Ignoring webhook message {MessageId}: it is not a valid callback message", message.MessageId);
            return;
        }

        await runner.RunAsync(callback, message.MessageId, cancellationToken);
    }
}
