using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Ingest;

/// <summary>
/// Every CSV written to the uploads container, by the upload route or any storage client, becomes a batch. The blob
/// arrives as a BlobCreated event on the blobs extension's webhook (Event Grid in Azure, the local host's stand-in
/// locally), not by polling the container.
/// </summary>
public sealed class IngestUploadedCsvFunction(BatchIngestor ingestor)
{
    [Function("IngestUploadedCsv")]
    public async Task Run(
        [BlobTrigger(LeadScoringOptions.UploadsContainerExpression + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = LeadScoringOptions.StorageConnection)] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
    {
        // The upload route's blobs name their batch; any other blob's batch id hashes its ETag, which ingest reads.
        using var span = LeadTelemetry.StartFunction("IngestUploadedCsv")
            .WithTag(LeadTelemetry.OfferIdTag, UploadBlobPath.Parse(name).OfferId)
            .WithTag(LeadTelemetry.BatchIdTag, BatchIds.NamedByUpload(name))
            .WithTag(LeadTelemetry.BlobTag, name);
        try
        {
            await ingestor.IngestAsync(blob, name, cancellationToken);
        }
        catch (Exception ex)
        {
            span.Failed(ex);
            throw;
        }
    }
}
