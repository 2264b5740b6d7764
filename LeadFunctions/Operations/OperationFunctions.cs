using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Operations;

/// <summary><c>GET /api/operations/{id}</c>: how far whole-scope work answered with 202 (rescoring, offer deletion) has got.</summary>
public sealed class OperationFunctions(OperationStore operations)
{
    [Function("GetOperation")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "operations/{id}")] HttpRequest request, string id, CancellationToken ct) =>
        await operations.GetAsync(LeadTelemetry.Tag(LeadTelemetry.OperationIdTag, id), ct) is { } operation
            ? new OkObjectResult(OperationStore.ToResponse(operation))
            : Problems.NotFound($"No operation has the id '{id}'.");

    /// <summary>The 202 answer for work queued by a request: the operation and its status URL (also the Location header).</summary>
    public static AcceptedResult Accepted(HttpRequest request, OperationEntity operation)
    {
        LeadTelemetry.Tag(LeadTelemetry.OperationIdTag, operation.Id);
        LeadTelemetry.Tag(LeadTelemetry.OfferIdTag, operation.OfferId);
        LeadTelemetry.Tag(LeadTelemetry.BatchIdTag, operation.BatchId);
        var statusUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/api/operations/{operation.Id}";
        return new AcceptedResult(statusUrl, new OperationAccepted(operation.Id, operation.Kind, statusUrl, operation.OfferId, operation.BatchId, operation.Rescore));
    }
}

/// <summary>The 202 answer of work done in the background: where to watch it.</summary>
public sealed record OperationAccepted(string OperationId, string Kind, string StatusUrl, string? OfferId, string? BatchId, bool Rescore);
