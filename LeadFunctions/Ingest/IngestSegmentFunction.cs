using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Ingest;

/// <summary>
/// Ingest-queue messages: a planning step cuts the next stretch of an uploaded file into segments, a segment message
/// ingests one segment. Each is a bounded slice of the file; a run that throws is delivered again and redoes it.
/// </summary>
public sealed class IngestSegmentFunction(SegmentPlanner planner, SegmentIngestor ingestor, ILogger<IngestSegmentFunction> logger)
{
    [Function("IngestSegment")]
    public async Task Run(
        [QueueTrigger(LeadScoringOptions.IngestQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        if (IngestQueue.Parse(message.MessageText) is not { } work)
        {
            logger.LogWarning("Ignoring ingest message {MessageId}: it is not a valid ingest message", message.MessageId);
            return;
        }

        // The batch's offer is tagged once its header is read (SegmentPlanner, SegmentIngestor).
        using var span = LeadTelemetry.StartFunction("IngestSegment").WithTag(LeadTelemetry.BatchIdTag, work.BatchId);
        try
        {
            if (work.Kind == IngestMessage.Plan)
            {
                await planner.PlanAsync(work, cancellationToken);
            }
            else
            {
                await ingestor.IngestAsync(work, cancellationToken);
            }
        }
        catch (Exception ex)
        {
            span.Failed(ex);
            throw;
        }
    }
}
