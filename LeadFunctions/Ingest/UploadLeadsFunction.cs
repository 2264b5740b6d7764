using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Ingest;

/// <summary>
/// <c>POST /api/leads/upload</c>: checks the CSV's header, then streams the file into the uploads container, where the
/// blob trigger ingests it like any dropped file. The batch exists (status <c>ingesting</c>) before this answers 202.
/// </summary>
public sealed class UploadLeadsFunction(
    OfferRepository offers, BatchRepository batches, UploadsContainer uploads, CallbackUrlPolicy callbacks, TimeProvider time, IOptions<LeadScoringOptions> options)
{
    [Function("UploadLeads")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "leads/upload")] HttpRequest request, CancellationToken ct)
    {
        var maxBytes = options.Value.MaxUploadBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // The server's own default (30 MB on Kestrel) must not undercut the configured limit; the multipart envelope gets slack.
            sizeFeature.MaxRequestBodySize = maxBytes + 64 * 1024;
        }

        if (request.ContentLength > maxBytes + 64 * 1024)
        {
            return TooLarge(maxBytes);
        }

        var (offerId, offerProblem) = await ResolveOfferAsync(request.Query["offer_id"], ct);
        if (offerProblem is not null)
        {
            return offerProblem;
        }

        LeadTelemetry.Tag(LeadTelemetry.OfferIdTag, offerId);
        string? callbackUrl = request.Query[CallbackUrlPolicy.Field];
        callbackUrl = string.IsNullOrWhiteSpace(callbackUrl) ? null : callbackUrl.Trim();
        if (callbackUrl is not null && callbacks.Problem(callbackUrl) is { } callbackProblem)
        {
            return Problems.Validation(CallbackUrlPolicy.Field, callbackProblem);
        }

        try
        {
            var (csv, status, error) = await UploadRequestReader.OpenCsvAsync(request, ct);
            if (csv is null)
            {
                return Problems.Problem(status, status == StatusCodes.Status415UnsupportedMediaType ? "Unsupported content type." : "The request is invalid.", error!);
            }

            var limited = new LimitedReadStream(csv, maxBytes);
            var inspection = await CsvHeaderInspector.InspectAsync(limited, ct);
            if (!inspection.IsValid)
            {
                var problem = inspection.Problem;
                return problem.MissingColumns.Count > 0
                    ? Problems.Validation(
                        new Dictionary<string, string[]> { [UploadRequestReader.FileField] = [problem.Message], ["missing_columns"] = [.. problem.MissingColumns] },
                        problem.Message)
                    : Problems.Validation(UploadRequestReader.FileField, problem.Message);
            }

            var batchId = LeadTelemetry.Tag(LeadTelemetry.BatchIdTag, BatchIds.NewForUpload());
            var blobName = $"{offerId}/{batchId}.csv";
            var header = new BatchEntity
            {
                BatchId = batchId,
                OfferId = offerId!,
                Source = BlobBatches.HttpSource,
                Blob = $"{uploads.Name}/{blobName}",
                CreatedAt = time.GetUtcNow(),
                CallbackUrl = callbackUrl,
                CallbackStatus = callbackUrl is null ? null : Callbacks.CallbackStatus.Pending,
            };
            await batches.GetOrCreateAsync(header, ct);
            try
            {
                await uploads.UploadAsync(offerId!, batchId, inspection.PrependConsumedBytes(limited), ct);
            }
            catch
            {
                // The client gets an error, so no batch must remain; the blob was never committed.
                await batches.DeleteAsync(batchId, CancellationToken.None);
                throw;
            }

            var statusUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/api/batches/{batchId}";
            return new AcceptedResult(statusUrl, new UploadAccepted(batchId, offerId!, statusUrl, header.Blob));
        }
        catch (UploadTooLargeException)
        {
            return TooLarge(maxBytes);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes);
        }
        catch (BadHttpRequestException ex)
        {
            return RequestBody.Unreadable(ex);
        }
        catch (IOException ex) when (request.HasFormContentType && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // What the multipart reader throws for a form that ends without its closing boundary line.
            return Problems.BadRequest($"The upload ended before it was complete: {ex.Message}");
        }
    }

    private async Task<(string? OfferId, IActionResult? Problem)> ResolveOfferAsync(string? offerId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(offerId))
        {
            var all = await offers.ListAsync(ct);
            return all.Count == 1
                ? (all[0].Id, null)
                : (null, Problems.Validation("offer_id", all.Count == 0
                    ? "There is no offer yet: create one with POST /api/offer, then upload with ?offer_id=ID."
                    : $"There are {all.Count} offers: say which one with ?offer_id=ID."));
        }

        if (!TableKeys.IsValid(offerId))
        {
            return (null, Problems.Validation("offer_id", "Not a valid id: ids are lowercase letters, digits and dashes."));
        }

        return await offers.GetAsync(offerId, ct) is null
            ? (null, Problems.NotFound($"No offer has the id '{offerId}'."))
            : (offerId, null);
    }

    private static ObjectResult TooLarge(long maxBytes) =>
        Problems.PayloadTooLarge($"The upload is larger than the limit of {maxBytes} bytes (LeadScoring__MaxUploadBytes).");
}

/// <summary>The 202 answer of an upload: where to watch the batch.</summary>
public sealed record UploadAccepted(string BatchId, string OfferId, string StatusUrl, string Blob);
