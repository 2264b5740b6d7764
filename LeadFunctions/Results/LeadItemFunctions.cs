using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Results;

/// <summary><c>/api/leads/{id}</c> and <c>POST /api/leads/score</c>: one lead, and sending leads back to scoring (in the background).</summary>
public sealed class LeadItemFunctions(LeadReader reader, LeadRequeuer requeuer, OfferRepository offers, BatchRepository batches, OperationStore operations)
{
    private const int MaxBodyBytes = 64 * 1024;

    [Function("GetLead")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "leads/{id}")] HttpRequest request, string id, CancellationToken ct) =>
        LeadTelemetry.Tag(await reader.GetAsync(id, ct)) is { } lead ? new OkObjectResult(LeadMapper.ToResponse(lead)) : NotFound(id);

    [Function("UpdateLead")]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "leads/{id}")] HttpRequest request, string id, CancellationToken ct)
    {
        var lead = LeadTelemetry.Tag(await reader.GetAsync(id, ct));
        if (lead is null)
        {
            return NotFound(id);
        }

        if (RequestBody.RequireJson(request, "the lead") is { } unsupported)
        {
            return unsupported;
        }

        var (body, problem) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, "A lead body", ct);
        if (problem is not null)
        {
            return problem;
        }

        var (fields, errors) = LeadEditParser.Parse(body, lead, global::LeadFunctions.Leads.LeadIdentity.Id);
        if (fields is null)
        {
            return Problems.Validation(errors);
        }

        var updated = await requeuer.EditAsync(lead, fields, ct);
        return updated is null ? NotFound(id) : new OkObjectResult(LeadMapper.ToResponse(updated));
    }

    [Function("DeleteLead")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "leads/{id}")] HttpRequest request, string id, CancellationToken ct)
    {
        var lead = LeadTelemetry.Tag(await reader.GetAsync(id, ct));
        return lead is not null && await requeuer.DeleteAsync(lead, ct) ? new NoContentResult() : NotFound(id);
    }

    [Function("ScoreLeads")]
    public async Task<IActionResult> Score(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "leads/score")] HttpRequest request, CancellationToken ct)
    {
        if (RequestBody.RequireJson(request, "the scope") is { } unsupported)
        {
            return unsupported;
        }

        var (body, problem) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, "The body", ct);
        if (problem is not null)
        {
            return problem;
        }

        var (scope, errors) = ScoreRequestParser.Parse(body);
        if (scope is null)
        {
            return Problems.Validation(errors);
        }

        if (scope.OfferId is not null && await offers.GetAsync(scope.OfferId, ct) is null)
        {
            return Problems.NotFound($"No offer has the id '{scope.OfferId}'.");
        }

        if (scope.BatchId is not null && await batches.GetAsync(scope.BatchId, ct) is null)
        {
            return Problems.NotFound($"No batch has the id '{scope.BatchId}'.");
        }

        // Queued, not done here: a scope can hold any number of leads, and a request cut short must leave nothing half done.
        var operation = await operations.StartAsync(
            new OperationMessage(OperationMessage.NewId(), OperationKinds.Score, scope.OfferId, scope.BatchId, scope.Rescore), ct);
        return OperationFunctions.Accepted(request, operation);
    }

    private static ObjectResult NotFound(string id) => Problems.NotFound($"No lead has the id '{id}'.");
}
