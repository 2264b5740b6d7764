using Azure.Storage.Queues.Models;
using LeadFunctions.Configuration;
using LeadFunctions.Ingest;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Functions;

/// <summary>
/// Ingest-queue messages: a planning step cuts the next stretch of an uploaded file into segments, a segment message
/// ingests one segment. Each is a bounded slice of the file; a run that throws is delivered again and redoes it.
/// </summary>
public sealed class IngestSegmentFunction(SegmentPlanner planner, SegmentIngestor ingestor, ILogger<IngestSegmentFunction> logger)
{
    [Function("IngestSegment")]
    public Task Run(
        [QueueTrigger(LeadScoringOptions.IngestQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        switch (IngestQueue.Parse(message.MessageText))
        {
            case { Kind: IngestMessage.Plan } step:
                return planner.PlanAsync(step, cancellationToken);
            case { } segment:
                return ingestor.IngestAsync(segment, cancellationToken);
            default:
                logger.LogWarning("Ignoring ingest message {MessageId}: it is not a valid ingest message", message.MessageId);
                return Task.CompletedTask;
        }
    }
}
