using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs;

namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>Blobs in the uploads container → <see cref="IngestUploadedCsvFunction"/>; <c>{name}</c> keeps the
/// whole path below the container, e.g. <c>offer123/file.csv</c>. Fed by BlobCreated events posted to
/// <c>/runtime/webhooks/blobs</c> (see <see cref="Events.BlobsWebhookEndpoint"/>).</summary>
public sealed class IngestUploadedCsvTrigger(IServiceProvider services) : TriggerAdapter<IngestUploadedCsvFunction>(services)
{
    [FunctionName("IngestUploadedCsv")]
    public Task Run(
        [BlobTrigger(LeadScoringOptions.UploadsContainerExpression + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = LeadScoringOptions.StorageConnection)] BlobClient blob,
        string name,
        CancellationToken cancellationToken) =>
        Function.Run(blob, name, cancellationToken);
}
