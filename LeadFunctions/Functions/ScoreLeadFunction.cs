using Azure.Storage.Queues.Models;
using LeadFunctions.Configuration;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Functions;

/// <summary>Scores one lead per scoring-queue message.</summary>
public sealed class ScoreLeadFunction
{
    [Function("ScoreLead")]
    public Task Run(
        [QueueTrigger(LeadScoringOptions.ScoringQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        // Wired to the lead scorer in the scoring work.
        return Task.CompletedTask;
    }
}
