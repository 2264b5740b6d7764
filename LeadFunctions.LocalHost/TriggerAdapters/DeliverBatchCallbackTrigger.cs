using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;

namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>Webhook-queue messages → <see cref="DeliverBatchCallbackFunction"/>.</summary>
public sealed class DeliverBatchCallbackTrigger(IServiceProvider services) : TriggerAdapter<DeliverBatchCallbackFunction>(services)
{
    [FunctionName("DeliverBatchCallback")]
    public Task Run(
        [QueueTrigger(LeadScoringOptions.WebhookQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken) => Function.Run(message, cancellationToken);
}
