using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;

namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>Operations-queue messages → <see cref="RunOperationFunction"/>.</summary>
public sealed class RunOperationTrigger(IServiceProvider services) : TriggerAdapter<RunOperationFunction>(services)
{
    [FunctionName("RunOperation")]
    public Task Run(
        [QueueTrigger(LeadScoringOptions.OperationsQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken) => Function.Run(message, cancellationToken);
}
