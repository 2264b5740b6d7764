using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;

namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>Scoring-queue messages → <see cref="ScoreLeadFunction"/>.</summary>
public sealed class ScoreLeadTrigger(IServiceProvider services) : TriggerAdapter<ScoreLeadFunction>(services)
{
    [FunctionName("ScoreLead")]
    public Task Run(
        [QueueTrigger(LeadScoringOptions.ScoringQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken) => Function.Run(message, cancellationToken);
}
