using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Storage;

/// <summary>The uploads container: where the upload route stores CSVs and where the blob trigger finds every CSV.</summary>
public sealed class UploadsContainer
{
    private readonly AsyncOnce _created;

    public UploadsContainer(BlobServiceClient service, IOptions<LeadScoringOptions> options)
    {
        Client = service.GetBlobContainerClient(options.Value.UploadsContainer);
        _created = new AsyncOnce(() => Client.CreateIfNotExistsAsync());
    }

    public BlobContainerClient Client { get; }

    public string Name => Client.Name;

    /// <summary>Streams <paramref name="content"/> to <c>{offerId}/{batchId}.csv</c> in blocks, tagging it with the batch it belongs to.</summary>
    public async Task<string> UploadAsync(string offerId, string batchId, Stream content, CancellationToken ct)
    {
        await _created.RunAsync(ct);
        var name = $"{offerId}/{batchId}.csv";
        await Client.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv" },
            Metadata = new Dictionary<string, string>
            {
                [Ingest.BatchIds.MetadataKey] = batchId,
            },
            TransferOptions = new Azure.Storage.StorageTransferOptions { MaximumConcurrency = 2, MaximumTransferSize = 4 * 1024 * 1024 },
        }, ct);
        return name;
    }

    public Task EnsureCreatedAsync(CancellationToken ct) => _created.RunAsync(ct);
}
