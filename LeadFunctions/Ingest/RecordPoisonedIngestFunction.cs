using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Ingest;

/// <summary>
/// A planning step or segment the ingest queue gave up on ends its batch as failed, with the reason, instead of leaving
/// it ingesting; the batch's callback starts as at any other end of ingest (<see cref="BatchSegments"/>).
/// </summary>
public sealed class RecordPoisonedIngestFunction(BatchSegments segments, ILogger<RecordPoisonedIngestFunction> logger)
{
    public const string Reason = "The file could not be read into leads: a part of it failed on every attempt because of an error on the server's side. Upload it again; if that fails too, the app's logs say what went wrong for this batch.";

    [Function("RecordPoisonedIngest")]
    public async Task Run(
        [QueueTrigger(LeadScoringOptions.IngestPoisonQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        if (IngestQueue.Parse(message.MessageText) is not { } work)
        {
            logger.LogError("A poisoned ingest message {MessageId} is not a valid ingest message; it names no batch to fail", message.MessageId);
            return;
        }

        using var span = LeadTelemetry.StartFunction("RecordPoisonedIngest").WithTag(LeadTelemetry.BatchIdTag, work.BatchId);
        logger.LogWarning("Batch {BatchId}: ingest {Kind} {Segment} reached the poison queue; the batch fails", work.BatchId, work.Kind, work.Segment);
        await segments.FailAsync(work.BatchId, Reason, cancellationToken);
    }
}
