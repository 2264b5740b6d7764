using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Scoring;

/// <summary>Scores one lead per scoring-queue message. A transient AI failure throws, so the queue delivers it again later.</summary>
public sealed class ScoreLeadFunction(LeadScoringProcessor processor, ILogger<ScoreLeadFunction> logger)
{
    [Function("ScoreLead")]
    public async Task Run(
        [QueueTrigger(LeadScoringOptions.ScoringQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        if (ScoringQueue.Parse(message.MessageText) is not { } lead)
        {
            // Not one of ours: retrying can't make it readable.
            logger.LogWarning("Ignoring scoring message {MessageId}: it is not a valid scoring message", message.MessageId);
            return;
        }

        using var span = LeadTelemetry.StartLead("ScoreLead", lead);
        try
        {
            await processor.ProcessAsync(lead, message.DequeueCount, cancellationToken);
        }
        catch (Exception ex)
        {
            span.Failed(ex);
            throw;
        }
    }
}
