using Azure.Storage.Blobs;
using LeadFunctions.Configuration;
using LeadFunctions.Functions;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>Blobs in the uploads container → <see cref="IngestUploadedCsvFunction"/>; <c>{name}</c> keeps the
/// whole path below the container, e.g. <c>offer123/file.csv</c>.</summary>
public sealed class IngestUploadedCsvTrigger(IServiceProvider services) : TriggerAdapter<IngestUploadedCsvFunction>(services)
{
    [FunctionName("IngestUploadedCsv")]
    public Task Run(
        [BlobTrigger(LeadScoringOptions.UploadsContainerExpression + "/{name}", Connection = LeadScoringOptions.StorageConnection)] BlobClient blob,
        string name,
        CancellationToken cancellationToken) =>
        Services.GetRequiredService<BlobIngestGate>().RunAsync(name, () => Function.Run(blob, name, cancellationToken), cancellationToken);
}
