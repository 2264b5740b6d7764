using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;

namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>Messages the scoring queue gave up on (its <c>-poison</c> queue) → <see cref="RecordPoisonedLeadFunction"/>.</summary>
public sealed class RecordPoisonedLeadTrigger(IServiceProvider services) : TriggerAdapter<RecordPoisonedLeadFunction>(services)
{
    [FunctionName("RecordPoisonedLead")]
    public Task Run(
        [QueueTrigger(LeadScoringOptions.PoisonQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken) => Function.Run(message, cancellationToken);
}
