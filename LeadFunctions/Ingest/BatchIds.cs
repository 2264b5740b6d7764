using System.Security.Cryptography;
using System.Text;
using Azure;
using LeadFunctions.Storage;

namespace LeadFunctions.Ingest;

/// <summary>
/// Batch ids come from the blob, never from chance, so a blob trigger that fires twice finds the same batch:
/// the upload route names its blob after the batch id it hands out (and records it in the blob's metadata);
/// any other blob's batch is the hash of its container, name and ETag (a rewrite is a new batch).
/// </summary>
public static class BatchIds
{
    public const string MetadataKey = "batch_id";
    public const string SourceMetadataKey = "source";

    public static string NewForUpload() => "b" + Guid.NewGuid().ToString("N")[..31];

    public static string ForBlob(string container, string blobName, ETag etag, IDictionary<string, string> metadata)
    {
        if (metadata.TryGetValue(MetadataKey, out var fromUpload)
            && TableKeys.IsValid(fromUpload)
            && blobName.EndsWith($"/{fromUpload}.csv", StringComparison.Ordinal))
        {
            return fromUpload;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{container}/{blobName}|{etag}"));
        return "b" + Convert.ToHexStringLower(hash)[..31];
    }
}
