using Azure.Storage.Queues.Models;
using LeadFunctions.Configuration;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Functions;

/// <summary>A message the queue gave up on must not lose its lead: it is recorded as failed, with the reason.</summary>
public sealed class RecordPoisonedLeadFunction
{
    [Function("RecordPoisonedLead")]
    public Task Run(
        [QueueTrigger(LeadScoringOptions.PoisonQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        // Wired to the lead store in the scoring work.
        return Task.CompletedTask;
    }
}
