using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace LeadFunctions.LocalHost.Events;

/// <summary>
/// A <c>Microsoft.Storage.BlobCreated</c> event in the Event Grid schema, shaped as Azure Storage sends it (topic,
/// subject <c>/blobServices/default/containers/{c}/blobs/{name}</c>, data with api, eTag, contentType, contentLength,
/// blobType and url). The blobs extension reads data.url, data.eTag and data.blobType.
/// </summary>
public static class BlobCreatedEvent
{
    public const string EventType = "Microsoft.Storage.BlobCreated";

    /// <summary>The storage account's resource id stands in for a subscription and resource group it does not have.</summary>
    public static string TopicFor(string accountName) =>
        $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{accountName}";

    public static JsonObject For(BlobContainerClient container, BlobItem blob, DateTimeOffset now) =>
        For(container.GetBlobClient(blob.Name).Uri, container.AccountName, container.Name, blob.Name,
            blob.Properties.ETag?.ToString() ?? "", blob.Properties.ContentType, blob.Properties.ContentLength ?? 0,
            blob.Properties.BlobType ?? BlobType.Block, now);

    public static JsonObject For(
        Uri url, string accountName, string containerName, string blobName, string eTag, string? contentType,
        long contentLength, BlobType blobType, DateTimeOffset now)
    {
        var id = Guid.NewGuid().ToString();
        return new JsonObject
        {
            ["topic"] = TopicFor(accountName),
            ["subject"] = $"/blobServices/default/containers/{containerName}/blobs/{blobName}",
            ["eventType"] = EventType,
            ["id"] = id,
            ["data"] = new JsonObject
            {
                ["api"] = "PutBlob",
                ["clientRequestId"] = id,
                ["requestId"] = id,
                // Storage sends the ETag without the quotes of its header; the extension puts them back.
                ["eTag"] = eTag.Trim('"'),
                ["contentType"] = contentType ?? "application/octet-stream",
                ["contentLength"] = contentLength,
                ["blobType"] = $"{blobType}Blob",
                ["url"] = url.AbsoluteUri,
                ["sequencer"] = now.UtcTicks.ToString("x32", System.Globalization.CultureInfo.InvariantCulture),
                ["storageDiagnostics"] = new JsonObject { ["batchId"] = id },
            },
            ["dataVersion"] = "",
            ["metadataVersion"] = "1",
            ["eventTime"] = now.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
