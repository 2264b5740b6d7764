using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;

namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>Ingest-queue messages → <see cref="IngestSegmentFunction"/>.</summary>
public sealed class IngestSegmentTrigger(IServiceProvider services) : TriggerAdapter<IngestSegmentFunction>(services)
{
    [FunctionName("IngestSegment")]
    public Task Run(
        [QueueTrigger(LeadScoringOptions.IngestQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken) => Function.Run(message, cancellationToken);
}
