using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;

namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>Messages the ingest queue gave up on (its <c>-poison</c> queue) → <see cref="RecordPoisonedIngestFunction"/>.</summary>
public sealed class RecordPoisonedIngestTrigger(IServiceProvider services) : TriggerAdapter<RecordPoisonedIngestFunction>(services)
{
    [FunctionName("RecordPoisonedIngest")]
    public Task Run(
        [QueueTrigger(LeadScoringOptions.IngestPoisonQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken) => Function.Run(message, cancellationToken);
}
