using System.Security.Cryptography;
using System.Text;
using Azure;
namespace LeadFunctions.Ingest;

/// <summary>
/// Batch ids come from the blob, never from chance, so a blob trigger that fires twice finds the same batch:
/// the upload route names its blob <c>{offer_id}/{batch_id}.csv</c> after the batch it has already created; any other
/// blob's batch is the hash of its container, name and ETag (a rewrite is a new batch). Blob metadata is never read:
/// whoever copies a blob copies its metadata too (see <see cref="BlobBatches"/>).
/// </summary>
public static class BatchIds
{
    /// <summary>Set on uploaded blobs for people browsing the container; ingest never trusts it.</summary>
    public const string MetadataKey = "batch_id";

    public static string NewForUpload() => "b" + Guid.NewGuid().ToString("N")[..31];

    /// <summary>The id in a name of the upload route's form, <c>{offer_id}/{batch_id}.csv</c>; only a candidate until its batch confirms the blob.</summary>
    public static string? NamedByUpload(string blobName)
    {
        var slash = blobName.IndexOf('/');
        if (slash <= 0 || !blobName.EndsWith(".csv", StringComparison.Ordinal))
        {
            return null;
        }

        var id = blobName[(slash + 1)..^".csv".Length];
        return id.Length == 32 && id[0] == 'b' && id.Skip(1).All(char.IsAsciiHexDigitLower) && TableKeys.IsValid(id) ? id : null;
    }

    public static string ForBlob(string container, string blobName, ETag etag)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{container}/{blobName}|{etag}"));
        return "b" + Convert.ToHexStringLower(hash)[..31];
    }
}
