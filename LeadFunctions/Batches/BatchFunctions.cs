using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Batches;

/// <summary><c>/api/batches</c>: what became of each upload or dropped file.</summary>
public sealed class BatchFunctions(BatchViewBuilder views)
{
    [Function("GetBatch")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "batches/{id}")] HttpRequest request, string id, CancellationToken ct) =>
        await views.GetAsync(LeadTelemetry.Tag(LeadTelemetry.BatchIdTag, id), ct) is { } batch
            ? new OkObjectResult(batch)
            : Problems.NotFound($"No batch has the id '{id}'.");

    /// <summary>Newest first, paged by cursor (<c>page_size</c> as for leads), read by key from the batch lists.</summary>
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

        var pageSize = LeadQueryParser.DefaultPageSize;
        string? size = request.Query["page_size"];
        if (!string.IsNullOrEmpty(size)
            && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > LeadQueryParser.MaxPageSize))
        {
            return Problems.Validation("page_size", $"Must be a whole number from 1 to {LeadQueryParser.MaxPageSize}.");
        }

        string? after = null;
        string? cursor = request.Query["cursor"];
        if (!string.IsNullOrEmpty(cursor) && (after = BatchCursor.Decode(cursor, offerId)) is null)
        {
            return Problems.Validation("cursor", "The cursor is not one this API gave out for these filters. Start again without it.");
        }

        var (count, batches, next) = await views.ListAsync(offerId, after, pageSize, ct);
        return new OkObjectResult(new BatchPage(count, next is null ? null : LeadPager.NextUrl(request, BatchCursor.Encode(next, offerId)), batches));
    }
}

/// <summary>One page of batches, newest first: <c>{count, next, results}</c> like the lead results.</summary>
public sealed record BatchPage(long Count, string? Next, IReadOnlyList<BatchResponse> Results);
