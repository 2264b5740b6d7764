using LeadFunctions.Batches;
using LeadFunctions.Http;
using LeadFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Functions;

/// <summary><c>/api/batches</c>: what became of each upload or dropped file.</summary>
public sealed class BatchFunctions(BatchViewBuilder views)
{
    [Function("GetBatch")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "batches/{id}")] HttpRequest request, string id, CancellationToken ct) =>
        await views.GetAsync(id, ct) is { } batch
            ? new OkObjectResult(batch)
            : Problems.NotFound($"No batch has the id '{id}'.");

    [Function("ListBatches")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "batches")] HttpRequest request, CancellationToken ct)
    {
        string? offerId = request.Query["offer_id"];
        if (string.IsNullOrEmpty(offerId))
        {
            offerId = null;
        }
        else if (!TableKeys.IsValid(offerId))
        {
            return Problems.Validation("offer_id", "Not a valid id: ids are lowercase letters, digits and dashes.");
        }

        return new OkObjectResult(await views.ListAsync(offerId, ct));
    }
}
