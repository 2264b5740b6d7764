using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Offers;

/// <summary><c>/api/offer</c>: the product offers leads are scored against.</summary>
public sealed class OfferFunctions(OfferRepository offers, OfferDeleter deleter, CallbackUrlPolicy callbacks)
{
    [Function("CreateOffer")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "offer")] HttpRequest request, CancellationToken ct)
    {
        var (input, problem) = await ReadBodyAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var offer = await offers.CreateAsync(input!, ct);
        LeadTelemetry.Tag(LeadTelemetry.OfferIdTag, offer.Id);
        request.HttpContext.Response.Headers.ETag = offer.ETag.ToString();
        return new CreatedResult($"{request.Scheme}://{request.Host}{request.PathBase}/api/offer/{offer.Id}", offer.ToResponse());
    }

    [Function("ListOffers")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "offer")] HttpRequest request, CancellationToken ct)
    {
        var all = await offers.ListAsync(ct);
        return new OkObjectResult(all.Select(o => o.ToResponse()).ToList());
    }

    [Function("GetOffer")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "offer/{id}")] HttpRequest request, string id, CancellationToken ct)
    {
        var offer = await offers.GetAsync(LeadTelemetry.Tag(LeadTelemetry.OfferIdTag, id), ct);
        if (offer is null)
        {
            return NotFound(id);
        }

        request.HttpContext.Response.Headers.ETag = offer.ETag.ToString();
        return new OkObjectResult(offer.ToResponse());
    }

    [Function("UpdateOffer")]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "offer/{id}")] HttpRequest request, string id, CancellationToken ct)
    {
        if (await offers.GetAsync(LeadTelemetry.Tag(LeadTelemetry.OfferIdTag, id), ct) is null)
        {
            return NotFound(id);
        }

        var (input, problem) = await ReadBodyAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var ifMatch = request.Headers.IfMatch.ToString();
        var (outcome, offer) = await offers.UpdateAsync(id, input!, string.IsNullOrEmpty(ifMatch) ? null : new ETag(ifMatch), ct);
        switch (outcome)
        {
            case OfferUpdateOutcome.NotFound:
                return NotFound(id);
            case OfferUpdateOutcome.Stale:
                return Problems.PreconditionFailed("The offer was changed since the ETag in If-Match was read. GET it again and retry.");
            default:
                request.HttpContext.Response.Headers.ETag = offer!.ETag.ToString();
                return new OkObjectResult(offer.ToResponse());
        }
    }

    /// <summary>204 when the offer had nothing else; 202 with an operation while its leads, batches and CSVs are removed.</summary>
    [Function("DeleteOffer")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "offer/{id}")] HttpRequest request, string id, CancellationToken ct)
    {
        var (outcome, operation) = await deleter.DeleteAsync(LeadTelemetry.Tag(LeadTelemetry.OfferIdTag, id), ct);
        return outcome switch
        {
            OfferDeletionOutcome.NotFound => NotFound(id),
            OfferDeletionOutcome.Deleted => new NoContentResult(),
            _ => OperationFunctions.Accepted(request, operation!),
        };
    }

    private async Task<(LeadFunctions.Offers.OfferInput? Input, IActionResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (RequestBody.RequireJson(request, "the offer") is { } unsupported)
        {
            return (null, unsupported);
        }

        var (body, problem) = await RequestBody.ReadJsonAsync(request, OfferLimits.MaxBodyBytes, "An offer body", ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        var parsed = OfferBodyParser.Parse(body, callbacks);
        return parsed.IsValid ? (parsed.Offer, null) : (null, Problems.Validation(parsed.Errors));
    }

    private static ObjectResult NotFound(string id) => Problems.NotFound($"No offer has the id '{id}'.");
}
