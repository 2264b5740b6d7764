using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Operations;

/// <summary>Runs whole-scope work from the operations queue; a run that throws is delivered again and resumes.</summary>
public sealed class RunOperationFunction(OperationRunner runner, ILogger<RunOperationFunction> logger)
{
    [Function("RunOperation")]
    public async Task Run(
        [QueueTrigger(LeadScoringOptions.OperationsQueueExpression, Connection = LeadScoringOptions.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        if (OperationStore.Parse(message.MessageText) is not { } operation)
        {
            logger.LogWarning("Ignoring operations message {MessageId}: it is not a valid operation", message.MessageId);
            return;
        }

        using var span = LeadTelemetry.StartFunction("RunOperation")
            .WithTag(LeadTelemetry.OperationIdTag, operation.OperationId)
            .WithTag(LeadTelemetry.OfferIdTag, operation.OfferId)
            .WithTag(LeadTelemetry.BatchIdTag, operation.BatchId);
        try
        {
            await runner.RunAsync(operation, message.DequeueCount, cancellationToken);
        }
        catch (Exception ex)
        {
            span.Failed(ex);
            throw;
        }
    }
}
