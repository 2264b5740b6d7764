using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Scoring;

/// <summary>A message the queue gave up on must not lose its lead: it is recorded as failed, with the reason.</summary>
public sealed class RecordPoisonedLeadFunction(LeadScoringProcessor processor, ILogger<RecordPoisonedLeadFunction> logger)
{
    public const string Reason = "Scoring failed on every delivery of its queue message (see the app's logs); the lead can be retried with POST /api/leads/score.";

    [Function("RecordPoisonedLead")]
    public async Task Run(
        [QueueTrigger(LeadScoringOptions.PoisonQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        if (ScoringQueue.Parse(message.MessageText) is not { } lead)
        {
            logger.LogError("A poisoned scoring message {MessageId} is not a valid scoring message; it names no lead to record", message.MessageId);
            return;
        }

        using var span = LeadTelemetry.StartLead("RecordPoisonedLead", lead);
        logger.LogWarning("Lead {LeadId} of batch {BatchId} reached the poison queue; recording it as failed", lead.LeadId, lead.BatchId);
        await processor.RecordPoisonedAsync(lead, Reason, cancellationToken);
    }
}
